package dev.hfjobs.hub;

import java.time.Duration;

/**
 * How much of a never-ending stream one answer may hold (an API Gateway answer is buffered and at
 * most a few megabytes, and must come within the Lambda's time).
 *
 * @param quiet the read ends after this long without a byte (the reference client's non-follow
 *     read uses 5 s)
 * @param longest the read ends after this long in all (also bounded by the call's deadline)
 * @param maxEvents at most this many events
 * @param maxBytes at most this many bytes of data
 */
public record StreamLimits(Duration quiet, Duration longest, int maxEvents, int maxBytes) {
    public StreamLimits {
        if (quiet.isNegative() || quiet.isZero() || longest.isNegative() || longest.isZero() || maxEvents < 1
                || maxBytes < 1) {
            throw new IllegalArgumentException("stream limits must be positive: " + quiet + ", " + longest + ", "
                    + maxEvents + ", " + maxBytes);
        }
    }
}
