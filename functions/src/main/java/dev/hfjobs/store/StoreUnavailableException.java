package dev.hfjobs.store;

import dev.hfjobs.FunctionsException;

/**
 * The store could not be reached or refused the call (throttling, a missing table, the network):
 * transient, so an SQS message that meets it is retried. The message names the operation and the
 * table, never an item's content.
 */
public final class StoreUnavailableException extends FunctionsException {
    public StoreUnavailableException(String message) {
        super(message);
    }

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
