package dev.hfjobs.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.model.Wire;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Real API Gateway event fixtures, and variants of them for other routes. */
final class ApiEvents {
    private ApiEvents() {}

    static ObjectNode fixture(String name) {
        try (InputStream in = ApiEvents.class.getResourceAsStream("/events/" + name)) {
            return (ObjectNode) Wire.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A payload 2.0 event (from the fixture) with another method, path, query, body and headers. */
    static ObjectNode v2(String method, String path, String rawQuery, String body, Map<String, String> headers) {
        ObjectNode event = fixture("api-v2-submit.json");
        event.put("rawPath", path);
        event.put("rawQueryString", rawQuery);
        event.put("routeKey", "ANY /{proxy+}");
        ((ObjectNode) event.with("requestContext").with("http")).put("method", method).put("path", path);
        ObjectNode h = event.with("headers");
        h.remove("idempotency-key");
        headers.forEach(h::put);
        if (body == null) {
            event.remove("body");
        } else {
            event.put("body", body);
        }
        return event;
    }

    static ObjectNode v2(String method, String path) {
        return v2(method, path, "", null, Map.of());
    }

    static ObjectNode post(String path, String body, Map<String, String> headers) {
        return v2("POST", path, "", body, headers);
    }

    static JsonNode body(JsonNode answer) {
        String text = answer.path("body").asText();
        return text.isEmpty() ? Wire.mapper().missingNode() : Wire.parse(text);
    }
}
