package dev.hfjobs;

/**
 * The root of every exception the functions module throws. Messages name what failed (a secret
 * id, a table, a field) and never carry a secret value: no HF token, no job secret.
 */
public class FunctionsException extends RuntimeException {
    public FunctionsException(String message) {
        super(message);
    }

    public FunctionsException(String message, Throwable cause) {
        super(message, cause);
    }
}
