package dev.hfjobs.model;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated request to run a job: the spec to post and the namespace to post it to. What run_job
 * 2.0 added is read from the spec: {@code spec().name()} (given or derived, always present),
 * {@code spec().exposedPorts()}, {@code spec().sshEnabled()}, {@code spec().network()} (or null),
 * {@code spec().resourceGroup()}.
 *
 * @param spec the body for {@code POST /api/jobs/{namespace}}, its name label included, without
 *     tracking labels; its {@code secrets} are those given as values only
 * @param namespace the namespace asked for, or null to use the configured default
 * @param secretReferences the secrets given as references ({@code {"valueFrom": ...}}): variable
 *     name to reference, in request order; their values are read when the job is created and join
 *     the spec's secrets only in the body posted to the Hub
 */
public record SubmitRequest(JobSpec spec, String namespace, Map<String, String> secretReferences) {
    public SubmitRequest {
        Objects.requireNonNull(spec, "spec");
        secretReferences = Collections2.orderedCopy(secretReferences);
    }

    /** A request whose secrets are all values. */
    public SubmitRequest(JobSpec spec, String namespace) {
        this(spec, namespace, Map.of());
    }

    /** The namespace asked for, when the request named one. */
    public Optional<String> requestedNamespace() {
        return Optional.ofNullable(namespace);
    }

    @Override
    public String toString() {
        return "SubmitRequest[namespace=" + namespace + ", spec=" + spec + ", secretReferences=" + secretReferences
                + "]";
    }
}
