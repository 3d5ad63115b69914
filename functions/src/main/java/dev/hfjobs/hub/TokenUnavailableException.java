package dev.hfjobs.hub;

import dev.hfjobs.FunctionsException;

/**
 * The token could not be read. Transient when the source was slow, throttled or unreachable (try
 * again soon); not transient when it is missing, denied, empty or malformed (someone must fix the
 * configuration). Never holds the value.
 */
public final class TokenUnavailableException extends FunctionsException {
    private final boolean isTransient;

    public TokenUnavailableException(String message, boolean isTransient) {
        super(message);
        this.isTransient = isTransient;
    }

    public TokenUnavailableException(String message, boolean isTransient, Throwable cause) {
        super(message, cause);
        this.isTransient = isTransient;
    }

    /** Whether reading it again later may succeed without anyone changing the configuration. */
    public boolean isTransient() {
        return isTransient;
    }
}
