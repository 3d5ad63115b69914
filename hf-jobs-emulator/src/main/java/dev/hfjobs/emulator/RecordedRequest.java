package dev.hfjobs.emulator;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One request the emulator received on the Hub API (admin calls under {@code /_emulator/} are
 * not recorded).
 *
 * @param method     the HTTP method, upper case
 * @param path       the decoded path, e.g. {@code /api/jobs/alice}
 * @param query      the raw query string as sent, empty when none
 * @param headers    the headers by lower-case name; the Authorization value is replaced by
 *                   {@link #REDACTED} (the scheme is kept), so no token is ever recorded
 * @param body       the body as UTF-8 text, empty when none
 * @param receivedAt when it arrived, on the emulator's clock
 * @param user       the user its token belongs to, empty when it had no known token
 */
public record RecordedRequest(String method, String path, String query, Map<String, List<String>> headers,
                              String body, Instant receivedAt, Optional<String> user) {

    /** What replaces a token in recorded Authorization headers. */
    public static final String REDACTED = "<redacted>";

    public RecordedRequest {
        headers = Map.copyOf(headers);
    }

    /** @return the first value of a header, looked up case-insensitively */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }
}
