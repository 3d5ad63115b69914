package dev.hfjobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hfjobs.model.Wire;
import dev.hfjobs.testing.CapturedLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Correlation fields: one request's lines join up, parallel parts of it stay apart. */
class LogTest {
    @RegisterExtension
    final CapturedLog log = new CapturedLog();

    List<JsonNode> lines() {
        return log.lines().stream().map(Wire::parse).toList();
    }

    @Test
    void aFieldAddedOnARequestsOwnThreadShowsOnEveryLaterLineOfTheRequest() throws Exception {
        try (Log.Scope request = Log.begin()) {
            Log.correlate(Log.REQUEST_ID, "req-1");
            Thread route = Thread.ofVirtual().start(() -> {
                Log.correlate(Log.JOB_ID, "job-1");
                Log.info("on the route", Map.of());
            });
            route.join();
            Log.info("access", Map.of("status", 201));
        }
        Log.info("after", Map.of());

        assertThat(lines()).extracting(l -> l.path("requestId").asText(null), l -> l.path("jobId").asText(null))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("req-1", "job-1"),
                        org.assertj.core.groups.Tuple.tuple("req-1", "job-1"),
                        org.assertj.core.groups.Tuple.tuple(null, null));
    }

    @Test
    void branchesOfOneRequestKeepTheirFieldsApart() throws Exception {
        try (Log.Scope request = Log.begin(); ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Log.correlate(Log.REQUEST_ID, "batch-1");
            IntStream.range(0, 20).forEach(i -> threads.submit(() -> {
                try (Log.Scope message = Log.branch()) {
                    Log.correlate(Log.MESSAGE_ID, "m" + i);
                    Thread.sleep(i % 3);
                    Log.correlate(Log.JOB_ID, "job" + i);
                    Log.info("message", Map.of("n", i));
                }
                return null;
            }));
        }

        assertThat(lines()).hasSize(20).allSatisfy(line -> {
            String n = line.path("n").asText();
            assertThat(line.path("requestId").asText()).isEqualTo("batch-1");
            assertThat(line.path("messageId").asText()).isEqualTo("m" + n);
            assertThat(line.path("jobId").asText()).isEqualTo("job" + n);
        });
    }

    @Test
    void fieldsComeFirstInOneOrderAndOnlyTheKnownOnes() {
        try (Log.Scope request = Log.begin()) {
            Log.correlate(Log.CALLER, "arn:aws:iam::1:user/a");
            Log.correlate(Log.REQUEST_ID, "r");
            Log.correlate("token", "never");
            Log.correlate(Log.NAMESPACE, null);
            Log.warn("w", Map.of("x", 1));
        }

        List<String> names = new ArrayList<>();
        lines().getFirst().fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("timestamp", "level", "message", "requestId", "caller", "x");
    }
    @Test
    void aFieldNamedLikeAnEarlierOneReplacesItInItsPlaceAndNullsAreKept() {
        try (Log.Scope request = Log.begin()) {
            Log.correlate(Log.REQUEST_ID, "r");
            Log.correlate(Log.JOB_ID, "from-correlation");
            Map<String, Object> fields = new java.util.LinkedHashMap<>();
            fields.put("jobId", "from-fields");
            fields.put("path", null);
            fields.put("stepsMillis", Map.of("claim", 6));
            Log.info("submitted", fields);
        }

        String line = log.lines().getFirst();
        assertThat(line).containsOnlyOnce("\"jobId\"").contains("\"path\":null", "\"stepsMillis\":{\"claim\":6}");
        List<String> names = new ArrayList<>();
        Wire.parse(line).fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("timestamp", "level", "message", "requestId", "jobId", "path", "stepsMillis");
        assertThat(Wire.parse(line).path("jobId").asText()).isEqualTo("from-fields");
    }
}
