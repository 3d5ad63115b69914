package dev.hfjobs.emulator;

/**
 * The root of every exception the emulator throws: a bad argument to its Java API (an unknown job
 * id, an invalid setting) or a server that cannot start.
 */
public class EmulatorException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, for a person */
    public EmulatorException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, for a person
     * @param cause   the underlying failure
     */
    public EmulatorException(String message, Throwable cause) {
        super(message, cause);
    }
}
