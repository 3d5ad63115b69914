package dev.hfjobs.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.hub.EventStream;
import dev.hfjobs.model.Wire;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Answers in the Hub's own shape, for the Hub-compatible routes: errors as {@code {"error": ...}}
 * with the same words in {@code X-Error-Message} (what huggingface_hub shows), event streams as
 * {@code text/event-stream}.
 */
final class HubShape {
    private static final int MAX_HEADER = 500;

    private HubShape() {}

    /** The same answer, an error in the Hub's shape: the problem's title, detail and problems in one message. */
    static HttpAnswer error(HttpAnswer answer) {
        if (answer.status() < 400 || !(answer.body() instanceof ObjectNode problem) || !problem.has("title")) {
            return answer;
        }
        StringBuilder message = new StringBuilder(problem.path("title").asText());
        if (!problem.path("detail").asText().isEmpty()) {
            message.append(": ").append(problem.path("detail").asText());
        }
        problem.path("problems").forEach(p -> message.append("; ").append(p.path("field").asText()).append(' ')
                .append(p.path("rule").asText()));
        Map<String, String> headers = new LinkedHashMap<>(answer.headers());
        headers.put("Content-Type", "application/json");
        headers.put("X-Error-Message", headerSafe(message.toString()));
        ObjectNode body = Wire.object().put("error", message.toString());
        return new HttpAnswer(answer.status(), headers, body);
    }

    /** A 400 in the Hub's shape. */
    static HttpAnswer badRequest(String message) {
        return error(HttpAnswer.problem(400, "invalid-request", "The request is not valid", message));
    }

    /** The Hub's JSON answer. */
    static HttpAnswer json(JsonNode body) {
        return HttpAnswer.json(200, body);
    }

    /**
     * The events as a server-sent event stream, as the Hub frames them: {@code event:} when named,
     * one {@code data:} line each, a blank line after each.
     */
    static HttpAnswer events(EventStream stream, String extraData) {
        StringBuilder text = new StringBuilder();
        for (EventStream.Event event : stream.events()) {
            if (event.name() != null) {
                text.append("event: ").append(event.name()).append('\n');
            }
            text.append("data: ").append(event.data()).append("\n\n");
        }
        if (extraData != null) {
            text.append("data: ").append(extraData).append("\n\n");
        }
        return HttpAnswer.text(200, "text/event-stream; charset=utf-8", text.toString())
                .withHeader("Cache-Control", "no-cache");
    }

    /** Printable ASCII on one line, short: a header value can carry nothing else. */
    static String headerSafe(String message) {
        String ascii = message.replaceAll("[^\\x20-\\x7e]", "?");
        return ascii.length() > MAX_HEADER ? ascii.substring(0, MAX_HEADER) + "..." : ascii;
    }
}
