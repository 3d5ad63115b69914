package dev.hfjobs.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a server-sent event stream line by line as it arrives, with a deadline on every read, so a
 * test can tell "a line came", "the stream ended" and "the stream is still open" apart.
 */
final class EventStreamClient implements AutoCloseable {

    /** What the reader queues once the body has ended: a line can never hold a line break. */
    private static final String END = "\n";

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder raw = new StringBuilder();
    private boolean ended;

    private EventStreamClient(HttpResponse<InputStream> response) {
        this.response = response;
        Thread.ofVirtual().start(this::pump);
    }

    /** Opens {@code path} with alice's token; returns once the status line and headers are in. */
    static EventStreamClient open(HfJobsEmulator emulator, String path) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(emulator.endpoint().resolve(URI.create(path)))
                .header("Authorization", "Bearer " + HubClient.ALICE).GET().build();
        try {
            return new EventStreamClient(HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    int status() {
        return response.statusCode();
    }

    Optional<String> header(String name) {
        return response.headers().firstValue(name);
    }

    /** @return the next line (empty string for a blank one), or empty when none came within {@code timeout} */
    Optional<String> nextLine(Duration timeout) throws InterruptedException {
        String line = lines.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (END.equals(line)) {
            ended = true;
            return Optional.empty();
        }
        return Optional.ofNullable(line);
    }

    /** @return the next {@code data:} event's JSON, skipping comments and blank lines; fails after {@code timeout} */
    JsonNode nextData(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> line = nextLine(Duration.ofNanos(deadline - System.nanoTime()));
            if (line.isPresent() && line.get().startsWith("data: ")) {
                return json(line.get().substring("data: ".length()));
            }
            if (ended) {
                throw new AssertionError("the stream ended before an event came");
            }
        }
        throw new AssertionError("no event within " + timeout);
    }

    /** @return every line until the stream ends; fails if it is still open after {@code timeout} */
    List<String> linesUntilEnd(Duration timeout) throws InterruptedException {
        List<String> all = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ended) {
            long left = deadline - System.nanoTime();
            Optional<String> line = nextLine(Duration.ofNanos(Math.max(0, left)));
            line.ifPresent(all::add);
            if (line.isEmpty() && !ended) {
                throw new AssertionError("the stream is still open after " + timeout + "; read " + all);
            }
        }
        return all;
    }

    /** @return the {@code data} texts of the log events until the stream ends, the marker included */
    List<String> logTextsUntilEnd(Duration timeout) throws InterruptedException {
        return linesUntilEnd(timeout).stream().filter(line -> line.startsWith("data: {"))
                .map(line -> json(line.substring("data: ".length())).path("data").asText()).toList();
    }

    /** @return whether the stream ended (the server closed it) */
    boolean ended() {
        return ended;
    }

    /** @return everything read so far, exactly as sent */
    synchronized String raw() {
        return raw.toString();
    }

    static JsonNode json(String text) {
        try {
            return HubClient.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        response.body().close();
    }

    private void pump() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                synchronized (this) {
                    raw.append(line).append('\n');
                }
                lines.add(line);
            }
        } catch (IOException e) {
            // closed by the test, or cut by the server: either way the stream is over
        } finally {
            lines.add(END);
        }
    }
}
