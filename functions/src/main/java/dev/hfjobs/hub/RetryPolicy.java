package dev.hfjobs.hub;

import java.time.Duration;

/**
 * How idempotent calls are retried on 408, 429, 5xx and network errors: exponential backoff with
 * full jitter (a random wait between zero and {@code min(maxDelay, baseDelay × 2^attempt)}), or
 * exactly the wait the Hub asks for with {@code Retry-After} / {@code RateLimit t=}, and never past
 * the caller's deadline.
 *
 * @param maxAttempts attempts in all, the first included (1 = no retry)
 * @param baseDelay the first backoff ceiling
 * @param maxDelay the largest backoff ceiling, and the longest Hub-requested wait honoured
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {
    /** Five attempts, 200 ms doubling up to 20 s. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(20));
    /** One attempt. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }
}
