package dev.hfjobs.submit;

import dev.hfjobs.hub.HubError;
import dev.hfjobs.model.JobInfo;
import dev.hfjobs.model.Problem;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What became of a submit request. The first four are final (a queue message is set aside); the
 * last two may succeed later (a queue message is retried).
 */
public sealed interface SubmitOutcome {

    /**
     * The job exists: created now, or found again for a repeated key.
     *
     * @param job the Hub's job
     * @param url the job's page
     * @param replayed true when an earlier request with the same key had created it
     * @param settled true when the record is stored and the {@code HF Job Submitted} event
     *     published; false asks a queue to deliver the message again so that a replay repairs them
     */
    record Created(JobInfo job, URI url, boolean replayed, boolean settled) implements SubmitOutcome {}

    /** The request breaks a rule that only the service can check (namespace, flavor, cost). */
    record Invalid(List<Problem> problems, int status) implements SubmitOutcome {
        public Invalid {
            problems = List.copyOf(problems);
        }
    }

    /** The Hub refused the job for good (400, 403, 404, 409, 422). */
    record HubRejected(HubError.Http error) implements SubmitOutcome {}

    /** The idempotency key was used before for a different request. */
    record KeyConflict(String detail) implements SubmitOutcome {}

    /** Another request with the same key is being submitted right now. */
    record InProgress(Duration retryAfter) implements SubmitOutcome {}

    /** Trouble that may pass: rate limit, Hub down or slow, token or store unavailable. */
    record Unavailable(Cause cause, String detail, Duration retryAfter) implements SubmitOutcome {
        /** The wait suggested to the caller, when known. */
        public Optional<Duration> retryAfterIfAny() {
            return Optional.ofNullable(retryAfter);
        }
    }

    /** Why a submission could not be made now. */
    enum Cause {
        RATE_LIMITED,
        HUB_UNAVAILABLE,
        HUB_TIMEOUT,
        HUB_UNAUTHORIZED,
        TOKEN_UNAVAILABLE,
        STORE_UNAVAILABLE
    }

    /** Whether a queue should deliver the message again (a transient outcome or unsettled success). */
    default boolean shouldRetry() {
        return switch (this) {
            case Created created -> !created.settled();
            case InProgress inProgress -> true;
            case Unavailable unavailable -> true;
            case Invalid invalid -> false;
            case HubRejected rejected -> false;
            case KeyConflict conflict -> false;
        };
    }
}
