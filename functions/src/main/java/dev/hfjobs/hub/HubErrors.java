package dev.hfjobs.hub;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hfjobs.model.ModelException;
import dev.hfjobs.model.Wire;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns an error answer into a {@link HubError.Http}: the Hub's message, request id and wait. */
final class HubErrors {
    private static final int MAX_MESSAGE = 500;
    private static final Pattern RATE_LIMIT_RESET = Pattern.compile("(?:^|;)\\s*t=(\\d+)");

    private HubErrors() {}

    static HubError.Http fromAnswer(int status, Headers headers, String body, String token) {
        String message = headers.firstValue("X-Error-Message").filter(m -> !m.isBlank())
                .or(() -> messageFromBody(body))
                .orElse(body == null || body.isBlank() ? "(no message)" : body);
        return new HubError.Http(status, safe(message, token), headers.firstValue("X-Request-Id").orElse(null),
                retryAfter(headers).orElse(null));
    }

    private static Optional<String> messageFromBody(String body) {
        try {
            JsonNode error = Wire.parse(body).path("error");
            if (error.isTextual()) {
                return Optional.of(error.textValue());
            }
            if (error.isArray()) {
                List<String> messages = new ArrayList<>();
                error.forEach(m -> messages.add(m.asText()));
                return Optional.of(String.join("; ", messages));
            }
            return Optional.empty();
        } catch (ModelException e) {
            return Optional.empty();
        }
    }

    /** {@code Retry-After} (seconds or an HTTP date), else {@code RateLimit}'s {@code t=} seconds. */
    static Optional<Duration> retryAfter(Headers headers) {
        return headers.firstValue("Retry-After").flatMap(HubErrors::parseRetryAfter)
                .or(() -> headers.firstValue("RateLimit").flatMap(HubErrors::parseRateLimit));
    }

    private static Optional<Duration> parseRetryAfter(String value) {
        String v = value.strip();
        if (v.matches("\\d{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> parseRateLimit(String value) {
        Matcher m = RATE_LIMIT_RESET.matcher(value);
        return m.find() ? Optional.of(Duration.ofSeconds(Long.parseLong(m.group(1)))) : Optional.empty();
    }

    /** Shortened, single-line, and with the token blanked out should the Hub ever echo it. */
    static String safe(String message, String token) {
        String text = message.replaceAll("[\\r\\n\\t]+", " ").strip();
        if (token != null && token.length() >= 4) {
            text = text.replace(token, "***");
        }
        return text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "…" : text;
    }
}
