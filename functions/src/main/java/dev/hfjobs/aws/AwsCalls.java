package dev.hfjobs.aws;

import dev.hfjobs.Deadline;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The time limits of one AWS call: the clients' own ({@link AwsClients#ATTEMPT_TIMEOUT} an
 * attempt, {@link AwsClients#CALL_TIMEOUT} in all, retries included), shortened to what is left of
 * the caller's deadline. So a slow dependency costs a call at most the time its caller has, and a
 * caller out of time does not start one: under a brownout a batch hands its unfinished messages
 * back to SQS instead of spending its whole invocation in retries.
 */
final class AwsCalls {
    /** Below this, a call to a service in the same region cannot finish: do not start it. */
    static final Duration MIN_CALL = Duration.ofMillis(100);

    private AwsCalls() {}

    /** The per-request limits for a call made now, or empty when the deadline leaves too little time. */
    static Optional<AwsRequestOverrideConfiguration> limits(Deadline deadline) {
        Duration left = deadline.remaining();
        if (left.compareTo(MIN_CALL) < 0) {
            return Optional.empty();
        }
        return Optional.of(AwsRequestOverrideConfiguration.builder()
                .apiCallTimeout(min(AwsClients.CALL_TIMEOUT, left))
                .apiCallAttemptTimeout(min(AwsClients.ATTEMPT_TIMEOUT, left))
                .build());
    }

    /**
     * Whether a failed AWS call may pass if tried again: throttling, 5xx and network trouble (the
     * SDK's own test of a throttling code). A call that ran out of its time limit is not: its
     * caller's time is what is gone.
     */
    static boolean worthRetrying(SdkException e) {
        return switch (e) {
            case ApiCallTimeoutException timeout -> false;
            case SdkClientException client -> true;
            case AwsServiceException service -> service.isThrottlingException() || service.statusCode() >= 500;
            default -> false;
        };
    }

    /** Sleeps before a retry; false when interrupted (the caller stops retrying and keeps the interrupt). */
    static boolean pause(Duration delay) {
        try {
            Thread.sleep(delay);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
