package dev.hfjobs.hub;

import dev.hfjobs.FunctionsException;

/** A {@link HubError} thrown where a caller prefers an exception; the message holds no token. */
public final class HubException extends FunctionsException {
    private final transient HubError error;

    public HubException(HubError error) {
        super(error.describe());
        this.error = error;
    }

    /** What went wrong. */
    public HubError error() {
        return error;
    }
}
