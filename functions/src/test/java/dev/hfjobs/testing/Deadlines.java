package dev.hfjobs.testing;

import dev.hfjobs.Deadline;
import java.time.Duration;

/** Deadlines for calls a test makes directly on an adapter. */
public final class Deadlines {
    private Deadlines() {}

    /** Ten seconds from now: more than any local call needs, less than a test's patience. */
    public static Deadline soon() {
        return Deadline.after(Duration.ofSeconds(10));
    }
}
