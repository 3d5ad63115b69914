package dev.hfjobs.emulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Writes a {@link Reply} on an exchange; every answer carries X-Request-Id. */
final class ReplyWriter {

    private static final String JSON = "application/json; charset=utf-8";
    private static final String EVENT_STREAM = "text/event-stream; charset=utf-8";
    private static final Logger LOG = Logger.getLogger(ReplyWriter.class.getName());

    private ReplyWriter() {
    }

    static void write(HttpExchange exchange, Reply reply, String requestId) throws IOException {
        switch (reply) {
            // Closing an exchange before its headers are sent closes the connection: no answer at all.
            case Reply.Drop() -> exchange.close();
            case Reply.JsonBody(int status, var body, var headers) ->
                    send(exchange, status, JSON, Json.write(body), headers, requestId);
            case Reply.Failure(int status, String message, var headers) -> send(exchange, status, JSON,
                    Json.write(Json.object().put("error", message)), withErrorHeader(headers, message), requestId);
            case Reply.Text(int status, String contentType, String body) ->
                    send(exchange, status, contentType, body, Map.of(), requestId);
            case Reply.Stream(Reply.EventSource source) -> stream(exchange, source, requestId);
            case Reply.Empty(int status) -> {
                exchange.getResponseHeaders().set("X-Request-Id", requestId);
                exchange.sendResponseHeaders(status, -1);
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body,
                             Map<String, String> headers, String requestId) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        headers.forEach(exchange.getResponseHeaders()::set);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("X-Request-Id", requestId);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Chunked, so that each event reaches the client when it is written. */
    private static void stream(HttpExchange exchange, Reply.EventSource source, String requestId) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", EVENT_STREAM);
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.getResponseHeaders().set("X-Request-Id", requestId);
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            source.emit(new EventSink(out));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // The status line is gone already: all that is left is to end the stream.
            LOG.log(Level.WARNING, "event stream failed", e);
        }
    }

    private static Map<String, String> withErrorHeader(Map<String, String> headers, String message) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("X-Error-Message", headerSafe(message));
        return all;
    }

    /** Header values must be one line of visible ASCII. */
    private static String headerSafe(String text) {
        StringBuilder safe = new StringBuilder(text.length());
        text.codePoints().forEach(c -> safe.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return safe.toString();
    }
}
