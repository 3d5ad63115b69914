package dev.hfjobs.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Writes server-sent events on an open response, each flushed at once. An {@link IOException}
 * means the client went away.
 */
final class EventSink {

    private final OutputStream out;
    private long lastWrite = System.nanoTime();

    EventSink(OutputStream out) {
        this.out = out;
    }

    /** {@code data: {...}} and a blank line. */
    void data(JsonNode data) throws IOException {
        write("data: " + json(data) + "\n\n");
    }

    /** {@code event: name}, {@code data: {...}} and a blank line. */
    void event(String name, JsonNode data) throws IOException {
        write("event: " + name + "\ndata: " + json(data) + "\n\n");
    }

    /** {@code : text} and a blank line, which clients ignore; the Hub's keep-alive. */
    void comment(String text) throws IOException {
        write(": " + text + "\n\n");
    }

    /** @return how long since the last write (or since the stream opened) */
    Duration silence() {
        return Duration.ofNanos(System.nanoTime() - lastWrite);
    }

    /**
     * @return compact JSON on one line for every line splitter: huggingface_hub splits like Python's
     *     {@code str.splitlines}, which also breaks at U+0085, U+2028 and U+2029, and JSON does not
     *     escape those. They can only occur inside strings, where the escapes mean the same.
     */
    static String json(JsonNode data) {
        return Json.write(data).replace("\u0085", "\\u0085").replace("\u2028", "\\u2028")
                .replace("\u2029", "\\u2029");
    }

    private void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
        lastWrite = System.nanoTime();
    }
}
