package dev.hfjobs.api;

import dev.hfjobs.submit.Tracking;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code Idempotency-Key} header. Keys are scoped to the caller, so that two callers who pick
 * the same key never receive each other's job; without a header, a fresh key still protects the
 * one request against a lost Hub answer.
 */
final class IdempotencyKeys {
    static final String RULE = "must be 1 to 255 printable ASCII characters";
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");

    private IdempotencyKeys() {}

    /** The scoped key: the header's, else a fresh one; empty when the header breaks {@link #RULE}. */
    static Optional<String> fromHeader(HttpEvent http) {
        Optional<String> header = http.header("idempotency-key").map(String::strip);
        if (header.isEmpty()) {
            return Optional.of(fresh(http));
        }
        return header.filter(key -> KEY.matcher(key).matches()).map(key -> "api:" + caller(http) + ":" + key);
    }

    /** A fresh scoped key, for a request that gave none (or an invalid one, to report it under). */
    static String fresh(HttpEvent http) {
        return "api:" + caller(http) + ":auto-" + Tracking.newId();
    }

    private static String caller(HttpEvent http) {
        return http.caller() == null ? "anonymous" : http.caller();
    }
}
