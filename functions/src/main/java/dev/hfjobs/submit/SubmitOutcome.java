package dev.hfjobs.submit;

import dev.hfjobs.hub.HubError;
import dev.hfjobs.model.JobInfo;
import dev.hfjobs.model.Problem;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What became of a submit request. {@link Created} and {@link Rejected} are final (a rejected queue
 * message is set aside); {@link InProgress} and {@link Unavailable} may succeed later (a queue
 * message is retried). Outcomes say what happened, not how a transport answers it.
 */
public sealed interface SubmitOutcome {

    /**
     * The job exists: created now, or found again for a repeated key.
     *
     * @param job the Hub's job
     * @param url the job's page
     * @param replayed true when an earlier request with the same key had created it
     * @param settled true when the claim is done and the record stored with its {@code HF Job
     *     Submitted} event (which the table's stream then publishes); false asks a queue to deliver
     *     the message again so that a replay repairs them
     */
    record Created(JobInfo job, URI url, boolean replayed, boolean settled) implements SubmitOutcome {}

    /**
     * The request can never become a job; {@code HF Job Submission Failed} has been published.
     *
     * @param reason why, as one of the project's reason codes
     * @param message one line for a person
     * @param problems the fields and rules broken, if any
     * @param hubError the Hub's refusal, for {@link Reason#HUB_REJECTED}; null otherwise
     */
    record Rejected(Reason reason, String message, List<Problem> problems, HubError.Http hubError)
            implements SubmitOutcome {
        public Rejected {
            problems = List.copyOf(problems);
        }

        /** The Hub's refusal, when the Hub is who refused. */
        public Optional<HubError.Http> hubRefusal() {
            return Optional.ofNullable(hubError);
        }
    }

    /** Another request with the same key is being submitted right now. */
    record InProgress(Duration retryAfter) implements SubmitOutcome {}

    /** Trouble that may pass: rate limit, Hub down or slow, token or store unavailable. */
    record Unavailable(Cause cause, String detail, Duration retryAfter) implements SubmitOutcome {
        /** The wait suggested to the caller, when known. */
        public Optional<Duration> retryAfterIfAny() {
            return Optional.ofNullable(retryAfter);
        }
    }

    /**
     * Why a request can never become a job: the reason codes of {@code HF Job Submission Failed}
     * events and of the dead-letter queue's {@code hfjobs-reason} attribute.
     */
    enum Reason {
        /** The body is not JSON. */
        MALFORMED_JSON("malformed-json"),
        /** A field breaks a rule (including an unknown flavor or namespace, or a bad idempotency key). */
        INVALID_REQUEST("invalid-request"),
        /** The worst-case cost is above {@code MAX_JOB_COST_USD}. */
        OVER_COST_LIMIT("over-cost-limit"),
        /** The Hub refused the job for good (400, 403, 404, 409, 422). */
        HUB_REJECTED("hub-rejected"),
        /** The idempotency key was used before for a different request. */
        IDEMPOTENCY_KEY_REUSED("idempotency-key-reused"),
        /**
         * A secret reference may not be used here (outside the allowed prefixes, another account or
         * region, malformed) or cannot be read (not found, access denied, not decryptable).
         */
        SECRET_UNAVAILABLE("secret-unavailable"),
        /** The access policy does not let the caller submit to the namespace. */
        NAMESPACE_FORBIDDEN("namespace-forbidden");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        /** The code as events and dead letters carry it. */
        public String code() {
            return code;
        }
    }

    /** Why a submission could not be made now. */
    enum Cause {
        RATE_LIMITED,
        HUB_UNAVAILABLE,
        HUB_TIMEOUT,
        /** The Hub refused the configured token (401). */
        HUB_UNAUTHORIZED,
        /** The token secret was slow, throttled or unreachable. */
        TOKEN_UNAVAILABLE,
        /** The token secret is missing, denied or malformed: an operator must fix it. */
        TOKEN_MISCONFIGURED,
        STORE_UNAVAILABLE,
        /** A rejected request's waiting task could not be told (Step Functions throttled or failing). */
        TASK_CALLBACK_UNAVAILABLE,
        /** A job secret reference could not be read now (throttled, 5xx, slow or unreachable). */
        SECRETS_UNAVAILABLE
    }

    /** Whether a queue should deliver the message again (a transient outcome or unsettled success). */
    default boolean shouldRetry() {
        return switch (this) {
            case Created created -> !created.settled();
            case InProgress inProgress -> true;
            case Unavailable unavailable -> true;
            case Rejected rejected -> false;
        };
    }
}
