package dev.hfjobs.hub;

import dev.hfjobs.FunctionsException;

/** The token could not be read: the secret is missing, denied, empty or malformed. Transient for SQS. */
public final class TokenUnavailableException extends FunctionsException {
    public TokenUnavailableException(String message) {
        super(message);
    }

    public TokenUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
