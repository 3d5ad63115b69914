package dev.hfjobs.submit;

import dev.hfjobs.model.Problem;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A submit request as a transport received it, before anything is checked.
 *
 * @param body the request body as sent
 * @param format which names the body uses
 * @param pathNamespace the namespace the URL names ({@link Format#HUB_SPEC}), or null
 * @param idempotencyKey the key that makes a repeat return the first job, scoped by the transport
 *     (e.g. {@code api:<caller>:<header>}, {@code sqs:<attribute>}); when the one given was invalid,
 *     a stand-in under which the failure is reported
 * @param problems what the transport already found wrong (e.g. an invalid idempotency key); the
 *     body's problems are added to these
 * @param extraFields body fields the transport consumes itself, so they are not unknown fields
 * @param source API or SQS
 * @param caller who asked (IAM principal, JWT subject, queue sender); may be null
 * @param taskToken a Step Functions task token the transport received beside the body (an SQS
 *     message attribute), or null; a run_job body may carry one as its {@code taskToken} field
 * @param namespaceGate whether the caller may submit to a namespace (the API's access policy);
 *     a request for one it refuses is rejected before anything is claimed, read or sent
 */
public record SubmitInput(String body, Format format, String pathNamespace, String idempotencyKey,
        List<Problem> problems, Set<String> extraFields, Source source, String caller, String taskToken,
        Predicate<String> namespaceGate) {
    /** Every namespace the token reaches: no access policy (queues, and the API without one). */
    public static final Predicate<String> ANY_NAMESPACE = namespace -> true;

    /** The names a submit body uses. */
    public enum Format {
        /** huggingface_hub's {@code run_job} parameters: {@code image}, {@code env}, {@code timeout}... */
        RUN_JOB,
        /** The Hub's own job spec, as {@code POST /api/jobs/{namespace}} takes it (camelCase). */
        HUB_SPEC
    }

    public SubmitInput {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        problems = List.copyOf(problems);
        extraFields = Set.copyOf(extraFields);
        Objects.requireNonNull(source, "source");
        namespaceGate = namespaceGate == null ? ANY_NAMESPACE : namespaceGate;
        if (format == Format.HUB_SPEC && pathNamespace == null) {
            throw new IllegalArgumentException("a Hub job spec is posted to a namespace");
        }
    }

    /** A body with run_job's names (the project's {@code POST /jobs}, a queue message). */
    public static SubmitInput runJob(String body, String idempotencyKey, List<Problem> problems,
            Set<String> extraFields, Source source, String caller) {
        return new SubmitInput(body, Format.RUN_JOB, null, idempotencyKey, problems, extraFields, source, caller,
                null, ANY_NAMESPACE);
    }

    /** This input with a task token received beside the body. */
    public SubmitInput withTaskToken(String token) {
        return new SubmitInput(body, format, pathNamespace, idempotencyKey, problems, extraFields, source, caller,
                token, namespaceGate);
    }

    /** The Hub's job spec posted to {@code namespace} ({@code POST /api/jobs/{namespace}}). */
    public static SubmitInput hubSpec(String body, String namespace, String idempotencyKey, Source source,
            String caller) {
        return new SubmitInput(body, Format.HUB_SPEC, namespace, idempotencyKey, List.of(), Set.of(), source, caller,
                null, ANY_NAMESPACE);
    }
}
