package dev.hfjobs.queue;

/** What became of one message of a batch. */
sealed interface MessageOutcome {
    /** Became a job (or was one already). */
    record Done(String jobId) implements MessageOutcome {}

    /** Can never succeed: set aside on the dead-letter queue with its reason. */
    record SetAside(String reason) implements MessageOutcome {}

    /** May succeed later: reported as a batch item failure so SQS delivers it again. */
    record Retry(String reason) implements MessageOutcome {}
}
