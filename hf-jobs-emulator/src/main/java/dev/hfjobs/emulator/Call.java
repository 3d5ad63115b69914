package dev.hfjobs.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One request, read whole.
 *
 * @param method     upper case
 * @param path       decoded, for routing
 * @param rawPath    as sent, for building links
 * @param rawQuery   as sent, empty when none
 * @param headers    by lower-case name
 * @param body       UTF-8 text, empty when none
 * @param receivedAt on the emulator's clock
 */
record Call(String method, String path, String rawPath, String rawQuery, Map<String, List<String>> headers,
            String body, Instant receivedAt) {

    private static final String BEARER = "bearer ";

    static Call read(HttpExchange exchange, Instant now) throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String rawQuery = exchange.getRequestURI().getRawQuery();
        return new Call(exchange.getRequestMethod().toUpperCase(Locale.ROOT), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getRawPath(), rawQuery == null ? "" : rawQuery, Map.copyOf(headers), body,
                now);
    }

    Optional<String> header(String name) {
        List<String> values = headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        return values.stream().findFirst();
    }

    /** @return the bearer token, empty when there is no Authorization header or another scheme */
    Optional<String> bearerToken() {
        return header("authorization")
                .filter(value -> value.regionMatches(true, 0, BEARER, 0, BEARER.length()))
                .map(value -> value.substring(BEARER.length()).trim())
                .filter(token -> !token.isEmpty());
    }

    QueryString query() {
        return QueryString.parse(rawQuery);
    }

    /** @return the body as JSON; a missing node when it is empty or not JSON */
    JsonNode json() {
        return Json.parse(body).orElse(MissingNode.getInstance());
    }

    /** @return {@code http://host:port} as the client addressed this server */
    String origin(String fallbackAuthority) {
        return "http://" + header("host").orElse(fallbackAuthority);
    }

    /** @return what the request log keeps: everything but the token */
    RecordedRequest recorded(Optional<String> user) {
        Map<String, List<String>> safe = new LinkedHashMap<>(headers);
        safe.computeIfPresent("authorization", (name, values) -> values.stream().map(Call::redact).toList());
        return new RecordedRequest(method, path, rawQuery, safe, body, receivedAt, user);
    }

    private static String redact(String authorization) {
        int space = authorization.indexOf(' ');
        return space < 0 ? RecordedRequest.REDACTED : authorization.substring(0, space + 1) + RecordedRequest.REDACTED;
    }
}
