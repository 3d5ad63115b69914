package dev.hfjobs.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.model.Problem;
import dev.hfjobs.model.Wire;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An answer to API Gateway: status, headers and a JSON body (or, for event streams, a text body).
 * Errors are RFC 9457 {@code application/problem+json} documents on the project's routes and the
 * Hub's {@code {"error": ...}} on the Hub's; none carries a stack trace or a secret.
 *
 * @param body the JSON body, or null
 * @param text a text body instead of JSON (server-sent events), or null
 */
record HttpAnswer(int status, Map<String, String> headers, JsonNode body, String text) {
    static final String PROBLEM_TYPE = "urn:hf-jobs-serverless:problem:";

    HttpAnswer {
        headers = Map.copyOf(headers);
    }

    HttpAnswer(int status, Map<String, String> headers, JsonNode body) {
        this(status, headers, body, null);
    }

    /** A text answer of the given media type, e.g. {@code text/event-stream}. */
    static HttpAnswer text(int status, String contentType, String text) {
        return new HttpAnswer(status, Map.of("Content-Type", contentType), null, text);
    }

    static HttpAnswer json(int status, JsonNode body) {
        return new HttpAnswer(status, Map.of("Content-Type", "application/json"), body);
    }

    /** A problem document: {@code type} from the code, a title, the detail, and any problems. */
    static HttpAnswer problem(int status, String code, String title, String detail, List<Problem> problems) {
        ObjectNode body = Wire.object();
        body.put("type", PROBLEM_TYPE + code);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        if (!problems.isEmpty()) {
            ArrayNode list = body.putArray("problems");
            problems.forEach(p -> list.addObject().put("field", p.field()).put("rule", p.rule()));
        }
        return new HttpAnswer(status, Map.of("Content-Type", "application/problem+json"), body);
    }

    static HttpAnswer problem(int status, String code, String title, String detail) {
        return problem(status, code, title, detail, List.of());
    }

    static HttpAnswer invalid(List<Problem> problems) {
        return problem(400, "invalid-request", "The request is not valid",
                problems.size() + " problem(s) found; nothing was sent to the Hub", problems);
    }

    HttpAnswer withHeader(String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(name, value);
        return new HttpAnswer(status, all, body, text);
    }

    HttpAnswer withStatus(int newStatus) {
        JsonNode newBody = body instanceof ObjectNode object && object.has("status")
                ? object.deepCopy().put("status", newStatus) : body;
        return new HttpAnswer(newStatus, headers, newBody, text);
    }

    HttpAnswer retryAfter(Duration wait) {
        return wait == null ? this : withHeader("Retry-After", Long.toString(Math.max(1, wait.toSeconds())));
    }

    /** The Lambda proxy response; the same shape serves payload 2.0 and REST v1. */
    ObjectNode toEvent(String requestId) {
        ObjectNode out = Wire.object();
        out.put("statusCode", status);
        ObjectNode h = out.putObject("headers");
        headers.forEach(h::put);
        if (requestId != null) {
            h.put("X-Request-Id", requestId);
        }
        out.put("body", text != null ? text : body == null ? "" : Wire.write(body));
        out.put("isBase64Encoded", false);
        return out;
    }
}
