package dev.hfjobs.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsStreamTest extends EmulatorTest {

    private static final Duration SOON = Duration.ofSeconds(5);

    @Override
    HfJobsEmulator.Builder configure(HfJobsEmulator.Builder builder) {
        return builder.metricsPeriod(Duration.ofMillis(100));
    }

    @Test
    void aRunningJobSendsOneMetricEventPerPeriodWithTheKeysTheClientReads() throws Exception {
        String id = runningJob("cpu-upgrade");

        try (EventStreamClient metrics = open(id)) {
            long start = System.nanoTime();
            List<JsonNode> samples = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                samples.add(metrics.nextData(SOON));
            }

            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.header("Content-Type")).hasValue("text/event-stream; charset=utf-8");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
            assertThat(metrics.raw()).startsWith("event: metric\ndata: {\"cpu_usage_pct\":");
            assertThat(samples).allSatisfy(sample -> {
                assertThat(sample.properties()).extracting(Map.Entry::getKey).containsExactly("cpu_usage_pct",
                        "cpu_millicores", "memory_used_bytes", "memory_total_bytes", "rx_bps", "tx_bps", "gpus", "replica");
                assertThat(sample.path("cpu_millicores").asLong()).isEqualTo(8000);
                assertThat(sample.path("memory_total_bytes").asLong()).isEqualTo(32L << 30);
                assertThat(sample.path("memory_used_bytes").asLong()).isPositive().isLessThan(32L << 30);
                assertThat(sample.path("gpus").isEmpty()).isTrue();
                assertThat(sample.path("replica").isTextual()).isTrue();
            });
            assertThat(metrics.ended()).isFalse();
        }
    }

    @Test
    void aGpuFlavorReportsEachOfItsGpus() throws Exception {
        String id = runningJob("a10g-largex2");

        try (EventStreamClient metrics = open(id)) {
            JsonNode gpus = metrics.nextData(SOON).path("gpus");

            assertThat(gpus.size()).isEqualTo(2);
            gpus.forEach(gpu -> {
                assertThat(gpu.path("memory_total_bytes").asLong()).isEqualTo(24_000_000_000L);
                assertThat(gpu.path("utilization").asInt()).isBetween(0, 100);
            });
        }
    }

    @Test
    void aSampleSetByATestIsSentAsGiven() throws Exception {
        String id = runningJob("t4-small");
        emulator.setMetrics(id, new MetricSample(73, 4000, 1 << 30, 16L << 30, 2_000, 1_000,
                Map.of("882fa930", new MetricSample.Gpu(91, 5_000_000_000L, 16_000_000_000L)), "57vr7"));

        try (EventStreamClient metrics = open(id)) {
            assertThat(metrics.nextData(SOON).toString()).isEqualTo("{\"cpu_usage_pct\":73,\"cpu_millicores\":4000,"
                    + "\"memory_used_bytes\":1073741824,\"memory_total_bytes\":17179869184,\"rx_bps\":2000,\"tx_bps\":1000,"
                    + "\"gpus\":{\"882fa930\":{\"utilization\":91,\"memory_used_bytes\":5000000000,"
                    + "\"memory_total_bytes\":16000000000}},\"replica\":\"57vr7\"}");
        }
    }

    @Test
    void theStreamEndsWhenTheJobEndsAndAFinishedJobAnswers500() throws Exception {
        String id = runningJob("cpu-basic");

        try (EventStreamClient metrics = open(id)) {
            metrics.nextData(SOON);
            emulator.setStage(id, JobStage.COMPLETED, null);
            metrics.linesUntilEnd(SOON);
        }

        ErrorsTest.assertError(alice.get("/api/jobs/alice/" + id + "/metrics"), 500);
    }

    @Test
    void aSchedulingJobSendsOnlyKeepAlivesUntilItRuns() throws Exception {
        emulator.keepAlive(Duration.ofMillis(150));
        String id = alice.createJobId("alice", HubClient.spec());

        try (EventStreamClient metrics = open(id)) {
            assertThat(metrics.nextLine(SOON)).hasValue(": keep-alive");
            assertThat(metrics.nextLine(SOON)).hasValue("");
            assertThat(metrics.nextLine(SOON)).hasValue(": keep-alive");

            emulator.setStage(id, JobStage.RUNNING, null);
            assertThat(metrics.nextData(SOON).has("cpu_usage_pct")).isTrue();
        }
    }

    private String runningJob(String flavor) throws IOException {
        String id = alice.createJobId("alice", HubClient.spec().put("flavor", flavor));
        emulator.setStage(id, JobStage.RUNNING, null);
        return id;
    }

    private EventStreamClient open(String id) throws IOException {
        return EventStreamClient.open(emulator, "/api/jobs/alice/" + id + "/metrics");
    }
}
