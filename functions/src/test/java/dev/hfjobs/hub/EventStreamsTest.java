package dev.hfjobs.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hfjobs.Deadline;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reading the Hub's event streams within bounds, against a real local server that writes them as
 * the Hub does: a stream the server ends, one that stays open (cut after the quiet time), one cut
 * by a size limit, and error answers.
 */
class EventStreamsTest {
    static final String ID = "0123456789abcdef01234567";
    static final StreamLimits LIMITS = new StreamLimits(Duration.ofMillis(400), Duration.ofSeconds(5), 100, 65_536);

    HttpServer server;
    final AtomicReference<Handler> behaviour = new AtomicReference<>();
    HfJobsClient client;

    interface Handler {
        void handle(HttpExchange exchange) throws Exception;
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                behaviour.get().handle(exchange);
            } catch (Exception e) {
                // the client went away
            }
        });
        server.start();
        client = HfJobsClient.builder().endpoint(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .tokens(new CountingTokens("hf_test_stream")).build();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    static void events(HttpExchange exchange, String... lines) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        for (String line : lines) {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    static Deadline soon() {
        return Deadline.after(Duration.ofSeconds(10));
    }

    @Test
    void streamTheHubEndsIsReadWholeWithItsEventNames() {
        behaviour.set(exchange -> events(exchange, "data: {\"data\": \"one\"}", "", ": keep-alive", "",
                "event: metric", "data: {\"cpu_usage_pct\": 5}", "", "id: 3", "data: {\"data\": \"two\"}", ""));

        EventStream stream = client.jobLogs("alice", ID, OptionalInt.empty(), LIMITS, soon()).orThrow();

        assertThat(stream.ended()).isTrue();
        assertThat(stream.truncated()).isFalse();
        assertThat(stream.events()).containsExactly(new EventStream.Event(null, "{\"data\": \"one\"}"),
                new EventStream.Event("metric", "{\"cpu_usage_pct\": 5}"), new EventStream.Event(null,
                        "{\"data\": \"two\"}"));
    }

    @Test
    void liveStreamIsCutAfterTheQuietTime() {
        behaviour.set(exchange -> {
            events(exchange, "data: {\"data\": \"started\"}", "");
            Thread.sleep(5_000);
        });
        long started = System.nanoTime();

        EventStream stream = client.jobLogs("alice", ID, OptionalInt.of(10), LIMITS, soon()).orThrow();

        assertThat(stream.ended()).isFalse();
        assertThat(stream.events()).hasSize(1);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("cut long before the server's 5 s")
                .isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void keepAlivesDoNotHoldTheReadPastItsLongest() {
        StreamLimits short1s = new StreamLimits(Duration.ofMillis(400), Duration.ofSeconds(1), 100, 65_536);
        behaviour.set(exchange -> {
            events(exchange);
            for (int i = 0; i < 50; i++) {
                exchange.getResponseBody().write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                exchange.getResponseBody().flush();
                Thread.sleep(100);
            }
        });
        long started = System.nanoTime();

        EventStream stream = client.jobMetrics("alice", ID, short1s, soon()).orThrow();

        assertThat(stream.events()).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2_500));
    }

    @Test
    void sizeLimitCutsTheReadAndSaysSo() {
        behaviour.set(exchange -> {
            String[] lines = new String[300];
            for (int i = 0; i < lines.length; i++) {
                lines[i] = i % 2 == 0 ? "data: {\"data\": \"line " + i + "\"}" : "";
            }
            events(exchange, lines);
        });

        EventStream stream = client.jobLogs("alice", ID, OptionalInt.empty(), LIMITS, soon()).orThrow();

        assertThat(stream.truncated()).isTrue();
        assertThat(stream.events()).hasSize(100);
    }

    @Test
    void errorAnswerIsTheHubsErrorAndTheTailIsAsked() {
        AtomicReference<String> query = new AtomicReference<>();
        behaviour.set(exchange -> {
            query.set(exchange.getRequestURI().getRawQuery());
            byte[] body = "{\"error\": \"Job not found\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("X-Error-Message", "Job not found");
            exchange.sendResponseHeaders(404, body.length);
            exchange.getResponseBody().write(body);
        });

        HubResult<EventStream> result = client.jobLogs("alice", ID, OptionalInt.of(20), LIMITS, soon());

        assertThat(query.get()).isEqualTo("tail=20");
        assertThat(result).isInstanceOfSatisfying(HubResult.Failed.class, failed -> assertThat(failed.error())
                .isEqualTo(new HubError.Http(404, "Job not found", null, null)));
    }

    @Test
    void rejectedTokenIsReadAgainOnce() {
        CountingTokens tokens = new CountingTokens("hf_test_old", "hf_test_new");
        HfJobsClient rotating = HfJobsClient.builder().endpoint(URI.create("http://127.0.0.1:"
                + server.getAddress().getPort())).tokens(tokens).build();
        behaviour.set(exchange -> {
            if (exchange.getRequestHeaders().getFirst("Authorization").endsWith("old")) {
                exchange.sendResponseHeaders(401, -1);
            } else {
                events(exchange, "data: {\"data\": \"ok\"}", "");
            }
        });

        assertThat(rotating.jobLogs("alice", ID, OptionalInt.empty(), LIMITS, soon()).orThrow().events()).hasSize(1);
        assertThat(tokens.invalidations.get()).isEqualTo(1);
    }

    @Test
    void badIdNeverLeaves() {
        behaviour.set(exchange -> {
            throw new AssertionError("no request expected");
        });

        assertThat(client.jobLogs("alice", "../x", OptionalInt.empty(), LIMITS, soon()))
                .isEqualTo(new HubResult.Failed<>(new HubError.InvalidArgument("id", dev.hfjobs.model.Identifiers.ID_RULE)));
    }
}
