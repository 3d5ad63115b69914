package dev.hfjobs.hub;

import java.net.URI;

/**
 * One request to make.
 *
 * @param method the HTTP method
 * @param uri the full URL (already validated)
 * @param body JSON text, or null
 * @param retryable whether it may be repeated after a transient failure: never for calls that start
 *     a job
 */
record Call(String method, URI uri, String body, boolean retryable) {}
