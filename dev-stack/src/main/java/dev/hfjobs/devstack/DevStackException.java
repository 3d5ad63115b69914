package dev.hfjobs.devstack;

/** Anything dev-stack cannot do: a template it cannot create, a moto_server that does not start, a port in use. */
public class DevStackException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DevStackException(String message) {
        super(message);
    }

    public DevStackException(String message, Throwable cause) {
        super(message, cause);
    }
}
