package dev.hfjobs.model;

/** The root of every exception the model throws: a value that breaks an invariant of the domain. */
public class ModelException extends RuntimeException {
    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
