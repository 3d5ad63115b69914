package dev.hfjobs.emulator;

import java.util.Map;

/**
 * Thrown inside request handling to answer with an HTTP error; the dispatcher turns it into a
 * {@link Reply.Failure}.
 */
final class Rejection extends EmulatorException {

    private static final long serialVersionUID = 1L;

    private final int status;

    Rejection(int status, String message) {
        super(message);
        this.status = status;
    }

    static Rejection badRequest(String message) {
        return new Rejection(400, message);
    }

    static Rejection notFound(String message) {
        return new Rejection(404, message);
    }

    Reply reply() {
        return new Reply.Failure(status, getMessage(), Map.of());
    }
}
