package dev.hfjobs.localinvoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Lambda proxy integration's answer as API Gateway turns it into an HTTP response: the function's
 * {@code statusCode}, {@code headers}, {@code multiValueHeaders}, {@code cookies} (each a
 * {@code Set-Cookie}) and {@code body} (decoded when {@code isBase64Encoded}). Payload 2.0 also
 * accepts an answer without {@code statusCode}: any JSON becomes a 200 {@code application/json} body.
 *
 * @param headers names as the function wrote them, each with its values
 */
record ProxyResponse(int status, Map<String, List<String>> headers, byte[] body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What API Gateway answers when the integration fails or answers nonsense. */
    static ProxyResponse internalServerError() {
        return new ProxyResponse(500, Map.of("Content-Type", List.of("application/json")),
                "{\"message\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8));
    }

    /** @return the HTTP answer; {@link #internalServerError()} when the payload is not a valid proxy answer */
    static ProxyResponse parse(String payload) {
        JsonNode answer;
        try {
            answer = JSON.readTree(payload);
        } catch (IOException e) {
            return internalServerError();
        }
        if (answer == null || !answer.isObject() || !answer.has("statusCode")) {
            return new ProxyResponse(200, Map.of("Content-Type", List.of("application/json")),
                    payload.getBytes(StandardCharsets.UTF_8));
        }
        JsonNode status = answer.path("statusCode");
        if (!status.canConvertToInt() || status.asInt() < 100 || status.asInt() > 599) {
            return internalServerError();
        }
        try {
            return new ProxyResponse(status.asInt(), headers(answer), body(answer));
        } catch (IllegalArgumentException e) {
            return internalServerError(); // isBase64Encoded with a body that is not base64
        }
    }

    private static Map<String, List<String>> headers(JsonNode answer) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        answer.path("headers").properties().forEach(h -> headers.computeIfAbsent(h.getKey(), k -> new ArrayList<>())
                .add(h.getValue().asText()));
        answer.path("multiValueHeaders").properties().forEach(h -> h.getValue().forEach(value ->
                headers.computeIfAbsent(h.getKey(), k -> new ArrayList<>()).add(value.asText())));
        answer.path("cookies").forEach(cookie -> headers.computeIfAbsent("Set-Cookie", k -> new ArrayList<>())
                .add(cookie.asText()));
        return headers;
    }

    private static byte[] body(JsonNode answer) {
        JsonNode body = answer.path("body");
        if (body.isMissingNode() || body.isNull()) {
            return new byte[0];
        }
        String text = body.isTextual() ? body.textValue() : body.toString();
        if (answer.path("isBase64Encoded").asBoolean(false)) {
            return Base64.getDecoder().decode(text.replaceAll("\\s", ""));
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
