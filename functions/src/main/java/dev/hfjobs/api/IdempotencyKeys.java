package dev.hfjobs.api;

import dev.hfjobs.submit.Tracking;
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

    /** The scoped key, or null when the header breaks {@link #RULE}. */
    static String fromHeader(HttpEvent http) {
        String caller = http.caller() == null ? "anonymous" : http.caller();
        return http.header("idempotency-key")
                .map(String::strip)
                .map(key -> KEY.matcher(key).matches() ? "api:" + caller + ":" + key : null)
                .orElseGet(() -> http.header("idempotency-key").isPresent() ? null
                        : "api:" + caller + ":auto-" + Tracking.newId());
    }
}
