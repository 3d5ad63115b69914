package dev.hfjobs.ports;

import dev.hfjobs.Deadline;

/**
 * The callbacks of Step Functions tasks that wait for jobs ({@code .waitForTaskToken}): heartbeats
 * while a job lives, then its outcome once. Never throws for a delivery failure: the result says
 * whether to try again later. Tokens never appear in a message or an exception.
 */
public interface TaskCallbacks {

    /** Keeps the task alive ({@code SendTaskHeartbeat}). */
    Result heartbeat(String token, Deadline deadline);

    /** Ends the task with {@code output} (a JSON object) as its result ({@code SendTaskSuccess}). */
    Result succeed(String token, String output, Deadline deadline);

    /** Ends the task in failure ({@code SendTaskFailure}); {@code cause} is cut to what Step Functions takes. */
    Result fail(String token, String error, String cause, Deadline deadline);

    /** What became of a callback. */
    sealed interface Result {
        /** Step Functions took it. */
        record Delivered() implements Result {}

        /**
         * The task is over for Step Functions (timed out, already closed, an unknown token): no
         * callback will ever reach it; stop sending.
         */
        record Ended(String reason) implements Result {}

        /**
         * Step Functions does not take this token for this call ({@code InvalidToken}): for a final
         * callback, the task is over; for a heartbeat, the task may still wait (moto refuses
         * heartbeats for a task without {@code HeartbeatSeconds}), so only heartbeats stop.
         */
        record Refused(String reason) implements Result {}

        /** Throttled, failing or out of time: the same callback may succeed later. */
        record Retry(String reason) implements Result {}
    }
}
