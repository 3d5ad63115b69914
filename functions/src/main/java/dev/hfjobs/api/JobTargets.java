package dev.hfjobs.api;

import dev.hfjobs.hub.HubResult;
import dev.hfjobs.model.Identifiers;
import dev.hfjobs.model.Problem;
import dev.hfjobs.store.JobRecord;
import dev.hfjobs.store.JobRecords;
import dev.hfjobs.store.StoreUnavailableException;
import dev.hfjobs.submit.NamespaceResolver;
import java.util.List;
import java.util.Optional;

/**
 * The namespace a project route acts in: for a job, the query's {@code namespace}, else the one
 * recorded when the job was submitted, else the default; checked before it enters a URL.
 */
final class JobTargets {
    private final JobRecords jobs;
    private final NamespaceResolver namespaces;

    JobTargets(JobRecords jobs, NamespaceResolver namespaces) {
        this.jobs = jobs;
        this.namespaces = namespaces;
    }

    /** The namespace of job {@code id}, or the answer that ends the route (a bad id or namespace). */
    Either<String> ofJob(ApiCall call, String id) {
        if (!Identifiers.isJobId(id)) {
            return Either.left(HttpAnswer.invalid(List.of(new Problem("id", Identifiers.ID_RULE))));
        }
        Optional<String> asked = call.http().queryOne("namespace");
        if (asked.isEmpty()) {
            try {
                asked = jobs.find(id, call.deadline()).map(JobRecord::namespace);
            } catch (StoreUnavailableException e) {
                // Fall back to the default namespace: the record only saves a parameter.
            }
        }
        return namespace(call, asked);
    }

    /** The namespace asked for, else the default. */
    Either<String> namespace(ApiCall call, Optional<String> asked) {
        if (asked.isPresent() && !Identifiers.isNamespace(asked.get())) {
            return Either.left(HttpAnswer.invalid(List.of(new Problem("namespace", Identifiers.NAMESPACE_RULE))));
        }
        return switch (namespaces.resolve(asked, call.deadline())) {
            case HubResult.Failed<String> failed -> Either.left(HubAnswers.of(failed.error()));
            case HubResult.Ok<String> ok -> Either.right(ok.value());
        };
    }
}
