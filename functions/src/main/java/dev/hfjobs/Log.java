package dev.hfjobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.model.Wire;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Structured log lines: one JSON object per line on standard output, which Lambda sends to
 * CloudWatch. Callers pass only what is safe to keep: never a token, a secret value or a whole
 * request.
 */
public final class Log {
    private static volatile Consumer<String> sink = line -> System.out.println(line);

    private Log() {}

    /** An informational line with fields. */
    public static void info(String message, Map<String, ?> fields) {
        write("INFO", message, fields);
    }

    /** A warning: something failed but was handled. */
    public static void warn(String message, Map<String, ?> fields) {
        write("WARN", message, fields);
    }

    /** An error: something failed and the caller sees it. */
    public static void error(String message, Map<String, ?> fields) {
        write("ERROR", message, fields);
    }

    /**
     * The fields that describe an unexpected exception: its class, and its message only for the
     * project's own exceptions, whose messages never hold a secret (others might quote a value).
     */
    public static Map<String, String> failure(Throwable e) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("error", e.getClass().getName());
        if (e instanceof FunctionsException) {
            fields.put("detail", e.getMessage());
        }
        return fields;
    }

    /** Sends lines elsewhere (tests scan them for secrets); returns the previous sink. */
    public static Consumer<String> redirect(Consumer<String> newSink) {
        Consumer<String> previous = sink;
        sink = newSink;
        return previous;
    }

    private static void write(String level, String message, Map<String, ?> fields) {
        ObjectNode line = Wire.mapper().createObjectNode();
        line.put("timestamp", Instant.now().toString());
        line.put("level", level);
        line.put("message", message);
        fields.forEach((key, value) -> line.set(key, Wire.mapper().valueToTree(value)));
        sink.accept(Wire.write(line));
    }
}
