package dev.hfjobs.localinvoke;

/**
 * Why a function could not be run locally at all: a bad template or argument, a missing
 * deployment package, no suitable JDK. What the function itself does (an answer, an error, a
 * timeout) is an {@link InvokeResult}, never this exception.
 */
public final class LocalInvokeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LocalInvokeException(String message) {
        super(message);
    }

    public LocalInvokeException(String message, Throwable cause) {
        super(message, cause);
    }
}
