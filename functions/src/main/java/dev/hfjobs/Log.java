package dev.hfjobs;

import dev.hfjobs.model.Wire;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Structured log lines: one JSON object per line on standard output, which Lambda sends to
 * CloudWatch. Callers pass only what is safe to keep: never a token, a secret value or a whole
 * request.
 *
 * <p>Every line written while a request is handled starts with that request's correlation fields
 * ({@link #CORRELATION}: {@code requestId}, {@code messageId}, {@code idempotencyKey}, {@code jobId},
 * {@code namespace}, {@code caller}), so that CloudWatch Logs Insights can follow one request, or one
 * job, through every line about it. A handler {@link #begin begins} a request; the threads it starts
 * inherit it (virtual threads inherit inheritable thread-locals), so a field {@link #correlate added}
 * on one of them shows on the lines of all of them. Work that concerns one part of a request (a
 * message of a batch, a job of a poller run) gets a {@link #branch} of its own, so its fields never
 * reach its siblings' lines.
 */
public final class Log {
    public static final String REQUEST_ID = "requestId";
    public static final String MESSAGE_ID = "messageId";
    public static final String IDEMPOTENCY_KEY = "idempotencyKey";
    public static final String JOB_ID = "jobId";
    public static final String NAMESPACE = "namespace";
    public static final String CALLER = "caller";
    /** The correlation fields, in the order lines show them. */
    public static final List<String> CORRELATION = List.of(REQUEST_ID, MESSAGE_ID, IDEMPOTENCY_KEY, JOB_ID,
            NAMESPACE, CALLER);
    private static final int MAX_FIELD = 512;

    private static volatile Consumer<String> sink = line -> System.out.println(line);
    private static final InheritableThreadLocal<Fields> CURRENT = new InheritableThreadLocal<>();

    private Log() {}

    /** The correlation fields of one request (or of one part of it), shared by the threads that handle it. */
    private static final class Fields {
        private final Map<String, String> values = new ConcurrentHashMap<>();
    }

    /** Ends a request or a branch: the thread's fields are what they were before it. */
    public static final class Scope implements AutoCloseable {
        private final Fields previous;

        private Scope(Fields previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** A new request on this thread (and the threads it starts), with no correlation field yet. */
    public static Scope begin() {
        return enter(new Fields());
    }

    /**
     * One part of the current request (a queue message, a job of a poller run), with the request's
     * fields so far: what is then {@link #correlate correlated} stays with the part, away from the
     * request's other parts.
     */
    public static Scope branch() {
        Fields branch = new Fields();
        Fields current = CURRENT.get();
        if (current != null) {
            branch.values.putAll(current.values);
        }
        return enter(branch);
    }

    private static Scope enter(Fields fields) {
        Scope scope = new Scope(CURRENT.get());
        CURRENT.set(fields);
        return scope;
    }

    /**
     * Adds a correlation field to the current request or branch, once it is known (a job id, say);
     * nothing outside a request, and nothing for a null value or a name not in {@link #CORRELATION}.
     */
    public static void correlate(String field, String value) {
        Fields current = CURRENT.get();
        if (current != null && value != null && CORRELATION.contains(field)) {
            current.values.put(field, value.length() > MAX_FIELD ? value.substring(0, MAX_FIELD) : value);
        }
    }

    /** The current correlation fields, in {@link #CORRELATION} order; empty outside a request. */
    public static Map<String, String> correlation() {
        Map<String, String> fields = new LinkedHashMap<>();
        Fields current = CURRENT.get();
        if (current != null) {
            CORRELATION.forEach(name -> {
                String value = current.values.get(name);
                if (value != null) {
                    fields.put(name, value);
                }
            });
        }
        return fields;
    }

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
        Map<String, String> fields = new LinkedHashMap<>();
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
        // Serialized in one pass (a tree per field cost a request about 1 ms before the JIT has
        // compiled it); a later key replaces an earlier one in its place, so each key appears once.
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("timestamp", Instant.now().toString());
        line.put("level", level);
        line.put("message", message);
        line.putAll(correlation());
        line.putAll(fields);
        sink.accept(Wire.write(line));
    }

    /** Writes a line built elsewhere (an embedded-metric document), to the same sink as every line. */
    static void raw(String line) {
        sink.accept(line);
    }
}
