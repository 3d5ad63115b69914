package dev.hfjobs.ports;

import dev.hfjobs.FunctionsException;

/** A message could not be put on the dead-letter queue; the original must not be deleted. */
public final class DeadLetterQueueException extends FunctionsException {
    public DeadLetterQueueException(String message) {
        super(message);
    }

    public DeadLetterQueueException(String message, Throwable cause) {
        super(message, cause);
    }
}
