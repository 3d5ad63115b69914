package dev.hfjobs.hub;

import java.time.Duration;
import java.util.Optional;

/**
 * How a call to the Hub failed. Messages are the Hub's own words or ours; none holds the token.
 */
public sealed interface HubError {

    /** The Hub answered with an error status. */
    record Http(int status, String message, String requestId, Duration retryAfter) implements HubError {
        /** The wait the Hub asked for (Retry-After or RateLimit {@code t=}), when it asked. */
        public Optional<Duration> retryAfterIfAny() {
            return Optional.ofNullable(retryAfter);
        }
    }

    /**
     * No answer: the connection failed, was dropped, or the answer did not come in time.
     *
     * @param kind what happened
     * @param detail our words (an exception class and short message), never the request
     */
    record Network(NetworkKind kind, String detail) implements HubError {}

    /** The Hub answered with success but the body could not be read. */
    record BadAnswer(int status, String detail, String requestId) implements HubError {}

    /** The call was not made: an argument (namespace, id) breaks its rule. */
    record InvalidArgument(String field, String rule) implements HubError {}

    /**
     * The call was not made: the token could not be read.
     *
     * @param isTransient true when reading it later may succeed (slow, throttled or unreachable
     *     Secrets Manager); false when the secret is missing, denied or malformed
     */
    record TokenUnavailable(String detail, boolean isTransient) implements HubError {}

    /** The time left was too short to make (or repeat) the call. */
    record DeadlineExceeded(String detail) implements HubError {}

    /** The failures a network call can end in. */
    enum NetworkKind {
        /** Could not connect: the request never reached the Hub. */
        CONNECT,
        /** No answer in time: the request may have reached the Hub. */
        TIMEOUT,
        /** The connection broke: the request may have reached the Hub. */
        IO
    }

    /** The HTTP status, when the Hub answered. */
    default Optional<Integer> httpStatus() {
        return switch (this) {
            case Http http -> Optional.of(http.status());
            case BadAnswer bad -> Optional.of(bad.status());
            default -> Optional.empty();
        };
    }

    /** Whether the same call may succeed if repeated later: 408, 429, 5xx and network trouble. */
    default boolean isTransient() {
        return switch (this) {
            case Http http -> http.status() == 408 || http.status() == 429 || http.status() >= 500;
            case Network network -> true;
            case BadAnswer bad -> bad.status() >= 500;
            case TokenUnavailable token -> token.isTransient();
            case DeadlineExceeded deadline -> true;
            case InvalidArgument invalid -> false;
        };
    }

    /**
     * Whether a non-idempotent request (creating a job) may have taken effect although no success
     * came back: a timeout, a broken connection, a 5xx or an unreadable answer. Before posting
     * again the caller must look for the job.
     */
    default boolean mayHaveTakenEffect() {
        return switch (this) {
            // Refused connections never reached the Hub; a timeout or a broken one may have.
            case Network network -> network.kind() != NetworkKind.CONNECT;
            case Http http -> http.status() >= 500 || http.status() == 408;
            case BadAnswer bad -> true;
            // Not sent at all: the argument, the token or the time left stopped it first.
            case InvalidArgument invalid -> false;
            case TokenUnavailable token -> false;
            case DeadlineExceeded deadline -> false;
        };
    }

    /** One line for logs and answers, with the request id when there is one. */
    default String describe() {
        return switch (this) {
            case Http http -> "Hub answered " + http.status() + ": " + http.message()
                    + (http.requestId() == null ? "" : " (request id " + http.requestId() + ")");
            case Network network -> "no answer from the Hub (" + network.kind() + "): " + network.detail();
            case BadAnswer bad -> "unreadable answer from the Hub (" + bad.status() + "): " + bad.detail()
                    + (bad.requestId() == null ? "" : " (request id " + bad.requestId() + ")");
            case InvalidArgument invalid -> invalid.field() + " " + invalid.rule();
            case TokenUnavailable token -> "the Hugging Face token is unavailable: " + token.detail();
            case DeadlineExceeded deadline -> "out of time: " + deadline.detail();
        };
    }
}
