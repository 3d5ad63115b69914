package dev.hfjobs.api;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/** Checks a request body before it is parsed: present, JSON, and not too large. */
final class Bodies {
    /** The largest body accepted, in bytes: a job request is a few kilobytes. */
    static final int MAX_BYTES = 256 * 1024;

    private Bodies() {}

    static Optional<HttpAnswer> checkJson(HttpEvent http) {
        String type = http.header("content-type").orElse("").toLowerCase(Locale.ROOT);
        String mediaType = type.split(";")[0].strip();
        if (!mediaType.equals("application/json") && !(mediaType.startsWith("application/")
                && mediaType.endsWith("+json"))) {
            return Optional.of(HttpAnswer.problem(415, "unsupported-media-type", "Unsupported media type",
                    "send the body as application/json").withHeader("Accept", "application/json"));
        }
        if (type.contains("charset=") && !type.contains("charset=utf-8")) {
            return Optional.of(HttpAnswer.problem(415, "unsupported-media-type", "Unsupported charset",
                    "send the body as UTF-8"));
        }
        if (http.body() == null || http.body().isBlank()) {
            return Optional.of(HttpAnswer.problem(400, "missing-body", "The body is empty",
                    "send the job request as a JSON object"));
        }
        if (http.body().getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return Optional.of(HttpAnswer.problem(413, "body-too-large", "The body is too large",
                    "a request may be at most " + MAX_BYTES + " bytes"));
        }
        return Optional.empty();
    }
}
