package dev.hfjobs;

import com.amazonaws.services.lambda.runtime.Context;
import java.time.Duration;

/**
 * The moment by which a piece of work must be done, typically the Lambda's remaining time less a
 * margin. Based on {@link System#nanoTime()}, so wall-clock changes do not move it.
 *
 * @param atNanos the deadline on the {@code System.nanoTime()} scale
 */
public record Deadline(long atNanos) {

    /** A deadline {@code duration} from now. */
    public static Deadline after(Duration duration) {
        return new Deadline(System.nanoTime() + duration.toNanos());
    }

    /**
     * A deadline from a Lambda's {@code getRemainingTimeInMillis()}, keeping {@code margin} to
     * answer, record and report after the last call.
     */
    public static Deadline fromRemaining(long remainingMillis, Duration margin) {
        return after(Duration.ofMillis(remainingMillis).minus(margin));
    }

    /**
     * An invocation's deadline: its remaining time less {@code margin} ({@link #fromRemaining});
     * without a context (a test, a direct call), {@code withoutContext} from now.
     */
    public static Deadline ofInvocation(Context context, Duration margin, Duration withoutContext) {
        return context == null ? after(withoutContext) : fromRemaining(context.getRemainingTimeInMillis(), margin);
    }

    /** The time left, never negative. */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, atNanos - System.nanoTime()));
    }

    /** Whether at least {@code needed} is left. */
    public boolean allows(Duration needed) {
        return remaining().compareTo(needed) >= 0;
    }
}
