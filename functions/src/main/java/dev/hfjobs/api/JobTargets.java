package dev.hfjobs.api;

import dev.hfjobs.access.Action;
import dev.hfjobs.hub.HubError;
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
 * recorded when the job was submitted, else the default; checked before it enters a URL, and
 * against the access policy.
 *
 * <p>A job the caller may not see answers exactly as a job that does not exist ({@link #notFound}),
 * and so does the Hub's own 404, so that no answer tells a job in a forbidden namespace from a
 * missing one.
 */
final class JobTargets {
    private final JobRecords jobs;
    private final NamespaceResolver namespaces;

    JobTargets(JobRecords jobs, NamespaceResolver namespaces) {
        this.jobs = jobs;
        this.namespaces = namespaces;
    }

    /** The namespace of job {@code id}, or the answer that ends the route (a bad id, a job not to be seen). */
    Either<String> ofJob(ApiCall call, String id, Action action) {
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
        return resolve(call, asked).flatMap(ns -> call.access().may(action, ns) ? Either.<String>right(ns)
                : Either.left(notFound("job", id)));
    }

    /** The namespace asked for (else the default) when the caller may do {@code action} there; else 403. */
    Either<String> namespace(ApiCall call, Optional<String> asked, Action action) {
        return resolve(call, asked).flatMap(ns -> call.access().may(action, ns) ? Either.<String>right(ns)
                : Either.left(forbidden(action, ns, asked.isEmpty())));
    }

    /** The namespace of one item (a scheduled job) named by the query or the default; 404 when not to be seen. */
    Either<String> ofItem(ApiCall call, String what, String id, Action action) {
        return resolve(call, call.http().queryOne("namespace")).flatMap(ns -> call.access().may(action, ns)
                ? Either.<String>right(ns) : Either.left(notFound(what, id)));
    }

    private Either<String> resolve(ApiCall call, Optional<String> asked) {
        if (asked.isPresent() && !Identifiers.isNamespace(asked.get())) {
            return Either.left(HttpAnswer.invalid(List.of(new Problem("namespace", Identifiers.NAMESPACE_RULE))));
        }
        return switch (namespaces.resolve(asked, call.deadline())) {
            case HubResult.Failed<String> failed -> Either.left(HubAnswers.of(failed.error()));
            case HubResult.Ok<String> ok -> Either.right(ok.value());
        };
    }

    /** The Hub's error on an item's route; its 404 becomes {@link #notFound}, word for word. */
    static HttpAnswer failed(String what, String id, HubError error) {
        return error.httpStatus().orElse(0) == 404 ? notFound(what, id) : HubAnswers.of(error);
    }

    /** What a missing item and one the caller may not see both answer. */
    static HttpAnswer notFound(String what, String id) {
        return HttpAnswer.problem(404, "not-found", "Not found", "no " + what + " " + id + " that you can see");
    }

    /** A namespace the caller may not use: the problem names it and the action. */
    static HttpAnswer forbidden(Action action, String namespace, boolean defaulted) {
        String rule = "the access policy does not let you " + action.policyName() + " in namespace " + namespace
                + (defaulted ? " (the default namespace); name one you may use" : "");
        return HttpAnswer.problem(403, "namespace-forbidden", "Not allowed in this namespace", rule,
                List.of(new Problem("namespace", rule)));
    }
}
