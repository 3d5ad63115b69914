package dev.hfjobs.localinvoke;

/** How one invocation ended. */
public enum Outcome {
    /** The handler returned; the payload is its answer. */
    SUCCESS,
    /** The handler threw; the payload is the runtime's {@code {"errorMessage","errorType","stackTrace"}}. */
    FUNCTION_ERROR,
    /** The runtime could not initialize the function (e.g. its constructor threw) and said so. */
    INIT_ERROR,
    /** The invocation outlived the function's Timeout (or init never finished); the sandbox was killed. */
    TIMEOUT,
    /** The runtime process died without answering (crash, out of memory, bad JVM option). */
    RUNTIME_EXIT
}
