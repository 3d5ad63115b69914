package dev.hfjobs.api;

import dev.hfjobs.Log;
import dev.hfjobs.access.Action;
import dev.hfjobs.model.JobInfo;
import dev.hfjobs.model.Problem;
import dev.hfjobs.model.Wire;
import dev.hfjobs.submit.JobViews;
import dev.hfjobs.submit.Source;
import dev.hfjobs.submit.SubmitInput;
import dev.hfjobs.submit.SubmitMetrics;
import dev.hfjobs.submit.SubmitOutcome;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A submission over HTTP, for both families of routes: the input the service takes (the body, the
 * caller's scoped {@code Idempotency-Key} or a fresh one), and the answer to its outcome.
 */
final class Submissions {
    private Submissions() {}

    /** {@code POST /jobs}: run_job's names. */
    static SubmitInput runJob(ApiCall call) {
        return input(call, SubmitInput.Format.RUN_JOB, null);
    }

    /** {@code POST /api/jobs/{namespace}}: the Hub's job spec (huggingface_hub sends no key: a fresh one). */
    static SubmitInput hubSpec(ApiCall call, String namespace) {
        return input(call, SubmitInput.Format.HUB_SPEC, namespace);
    }

    /** The input, with the access policy as its namespace gate: a refused namespace is a 403 before any claim. */
    private static SubmitInput input(ApiCall call, SubmitInput.Format format, String namespace) {
        HttpEvent http = call.http();
        Optional<String> key = IdempotencyKeys.fromHeader(http);
        String scoped = key.orElseGet(() -> IdempotencyKeys.fresh(http));
        Log.correlate(Log.IDEMPOTENCY_KEY, scoped);
        Log.correlate(Log.NAMESPACE, namespace);
        return new SubmitInput(http.body(), format, namespace, scoped,
                key.isPresent() ? List.of() : List.of(new Problem("Idempotency-Key", IdempotencyKeys.RULE)),
                Set.of(), Source.API, http.caller(), null, ns -> call.access().may(Action.SUBMIT, ns));
    }

    /** The project's answer: the job (201), or a problem document; the outcome counted in the metrics. */
    static HttpAnswer answer(SubmitOutcome outcome) {
        SubmitMetrics.record(Source.API, outcome);
        return answerTo(outcome);
    }

    private static HttpAnswer answerTo(SubmitOutcome outcome) {
        return switch (outcome) {
            case SubmitOutcome.Created created -> {
                JobInfo job = created(created);
                HttpAnswer answer = HttpAnswer.json(201, JobViews.job(job, created.url()))
                        .withHeader("Location", "/jobs/" + job.id() + "?namespace=" + job.namespace().orElse(""));
                yield created.replayed() ? answer.withHeader("Idempotent-Replayed", "true") : answer;
            }
            case SubmitOutcome.Rejected rejected -> rejected(rejected);
            case SubmitOutcome.InProgress inProgress -> HttpAnswer.problem(409, "in-progress",
                    "A request with this Idempotency-Key is in progress", "try again shortly")
                    .retryAfter(inProgress.retryAfter());
            case SubmitOutcome.Unavailable unavailable -> HubAnswers.of(unavailable);
        };
    }

    /** The Hub's answer: the job as the Hub gives it (200), or an error in the Hub's shape. */
    static HttpAnswer hubAnswer(SubmitOutcome outcome) {
        SubmitMetrics.record(Source.API, outcome);
        return outcome instanceof SubmitOutcome.Created created
                ? HubShape.json(Wire.tree(created(created)))
                : HubShape.error(answerTo(outcome));
    }

    private static JobInfo created(SubmitOutcome.Created created) {
        if (!created.settled()) {
            Log.warn("job created but its record or event is still to be written; a retry with the same "
                    + "Idempotency-Key repairs it", Map.of("jobId", created.job().id()));
        }
        return created.job();
    }

    private static HttpAnswer rejected(SubmitOutcome.Rejected rejected) {
        return switch (rejected.reason()) {
            case MALFORMED_JSON -> HttpAnswer.problem(400, "malformed-json", "The body is not JSON",
                    rejected.message());
            case INVALID_REQUEST -> HttpAnswer.invalid(rejected.problems());
            case OVER_COST_LIMIT -> HttpAnswer.invalid(rejected.problems()).withStatus(422);
            case HUB_REJECTED -> rejected.hubRefusal().map(HubAnswers::of).orElseGet(() -> HttpAnswer.problem(502,
                    "hub-rejected", "The Hub refused the request", rejected.message()));
            case IDEMPOTENCY_KEY_REUSED -> HttpAnswer.problem(409, "idempotency-key-reused",
                    "Idempotency-Key reused", rejected.message());
            case SECRET_UNAVAILABLE -> HttpAnswer.problem(400, "secret-unavailable",
                    "A secret reference cannot be used", rejected.message(), rejected.problems());
            case NAMESPACE_FORBIDDEN -> HttpAnswer.problem(403, "namespace-forbidden",
                    "Not allowed in this namespace", rejected.message(), rejected.problems());
        };
    }
}
