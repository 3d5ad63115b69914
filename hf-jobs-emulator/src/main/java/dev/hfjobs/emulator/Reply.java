package dev.hfjobs.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Map;

/** What the emulator answers to one request. */
sealed interface Reply {

    /** A JSON answer. */
    record JsonBody(int status, JsonNode body, Map<String, String> headers) implements Reply {
    }

    /** An answer without a body. */
    record Empty(int status) implements Reply {
    }

    /** An error: {@code {"error": message}}, the message repeated in X-Error-Message. */
    record Failure(int status, String message, Map<String, String> headers) implements Reply {
    }

    /** Any other body, e.g. deliberately broken JSON. */
    record Text(int status, String contentType, String body) implements Reply {
    }

    /**
     * Server-sent events: 200 and {@code text/event-stream} at once, then whatever the source writes,
     * for as long as it runs; the response ends when it returns.
     */
    record Stream(EventSource source) implements Reply {
    }

    /** Writes the events of one streamed response. */
    @FunctionalInterface
    interface EventSource {

        /** @throws IOException when the client went away */
        void emit(EventSink sink) throws IOException, InterruptedException;
    }

    /** No answer at all: the connection is closed before a status line is sent. */
    record Drop() implements Reply {
    }

    static Reply ok(JsonNode body) {
        return new JsonBody(200, body, Map.of());
    }

    static Reply noContent() {
        return new Empty(204);
    }
}
