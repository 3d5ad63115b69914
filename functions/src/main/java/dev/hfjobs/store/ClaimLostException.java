package dev.hfjobs.store;

import dev.hfjobs.FunctionsException;

/**
 * The caller no longer holds the idempotency claim it tries to complete: it was released, expired
 * or replaced by a claim with another tracking id.
 */
public final class ClaimLostException extends FunctionsException {
    public ClaimLostException(String message) {
        super(message);
    }
}
