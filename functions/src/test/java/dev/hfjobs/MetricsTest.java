package dev.hfjobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hfjobs.Metrics.Metric;
import dev.hfjobs.model.Wire;
import dev.hfjobs.testing.CapturedLog;
import dev.hfjobs.testing.Emitted;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The EMF writer: what one invocation adds, as the lines CloudWatch reads. */
class MetricsTest {
    @RegisterExtension
    final CapturedLog log = new CapturedLog();

    @Test
    void valuesOfOneMetricAndDimensionsAreSummedIntoOneLine() {
        try (Metrics.Batch batch = Metrics.begin()) {
            Metrics.count(Metric.HUB_CALLS, "2xx");
            Metrics.count(Metric.HUB_CALLS, "2xx");
            Metrics.count(Metric.HUB_ERRORS, "2xx");
            Metrics.count(Metric.HUB_CALLS, "5xx");
        }

        Emitted emitted = Emitted.from(log.lines());
        assertThat(log.lines()).hasSize(2);
        assertThat(emitted.sum("HubCalls", Map.of("StatusClass", "2xx"))).isEqualTo(2);
        assertThat(emitted.sum("HubErrors", Map.of("StatusClass", "2xx"))).isEqualTo(1);
        assertThat(emitted.sum("HubCalls", Map.of("StatusClass", "5xx"))).isEqualTo(1);
        assertThat(emitted.total("HubCalls")).isEqualTo(3);
    }

    @Test
    void everyMetricOfTheProjectWritesALineTheFormatAccepts() {
        try (Metrics.Batch batch = Metrics.begin()) {
            for (Metric metric : Metric.values()) {
                Metrics.add(metric, 1.25, metric.dimensions().stream().map(d -> "some-" + d).toArray(String[]::new));
            }
        }

        Emitted emitted = Emitted.from(log.lines());
        assertThat(emitted.metrics().data()).extracting(d -> d.name()).containsAll(
                List.of(Metric.values()).stream().map(Metric::metricName).toList());
        assertThat(emitted.total("EstimatedCostUSD")).isEqualTo(1.25);
        assertThat(emitted.sum("EstimatedCostUSD", Map.of("Namespace", "some-Namespace"))).isEqualTo(1.25);
    }

    @Test
    void noMetricTakesAnIdAsADimension() {
        Set<String> allowed = Set.of("Source", "Reason", "Stage", "Flavor", "Namespace", "StatusClass", "Call",
                "Outcome");
        for (Metric metric : Metric.values()) {
            assertThat(metric.dimensionSets()).allSatisfy(set -> assertThat(set).hasSizeLessThanOrEqualTo(30));
            assertThat(metric.dimensions()).as(metric.metricName()).isSubsetOf(allowed)
                    .noneMatch(d -> d.toLowerCase().contains("id"));
        }
    }

    @Test
    void threadsStartedByTheInvocationAddToItsBatch() throws Exception {
        try (Metrics.Batch batch = Metrics.begin(); ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            IntStream.range(0, 50).forEach(i -> threads.submit(() -> Metrics.count(Metric.JOBS_SUBMITTED, "sqs")));
        }

        assertThat(Emitted.from(log.lines()).sum("JobsSubmitted", Map.of("Source", "sqs"))).isEqualTo(50);
    }

    @Test
    void outsideABatchNothingIsWrittenAndAfterItNothingIsAdded() {
        Metrics.count(Metric.HUB_THROTTLED);
        Metrics.Batch batch = Metrics.begin();
        batch.close();
        Metrics.count(Metric.HUB_THROTTLED);

        assertThat(log.lines()).isEmpty();
    }

    @Test
    void linesCarryTheRequestsCorrelationFieldsAsPropertiesNotDimensions() {
        try (Log.Scope request = Log.begin(); Metrics.Batch batch = Metrics.begin()) {
            Log.correlate(Log.REQUEST_ID, "req-1");
            Log.correlate(Log.JOB_ID, "0123456789abcdef01234567");
            Metrics.count(Metric.STATE_CHANGES, "RUNNING");
        }

        JsonNode line = Wire.parse(log.lines().getFirst());
        assertThat(line.path("requestId").asText()).isEqualTo("req-1");
        assertThat(line.path("jobId").asText()).isEqualTo("0123456789abcdef01234567");
        assertThat(Emitted.from(log.lines()).metrics().data()).allSatisfy(d -> assertThat(d.dimensions())
                .doesNotContainKeys("requestId", "jobId"));
    }

    @Test
    void dimensionValuesAreShortPrintableAsciiAndNeverEmpty() {
        try (Metrics.Batch batch = Metrics.begin()) {
            Metrics.count(Metric.JOBS_FINISHED, null, "ä10g-" + "x".repeat(2000));
        }

        JsonNode line = Wire.parse(log.lines().getFirst());
        assertThat(line.path("Stage").asText()).isEqualTo("unknown");
        assertThat(line.path("Flavor").asText()).startsWith("?10g-").hasSize(256);
    }

    @Test
    void theWrongNumberOfDimensionValuesIsRefused() {
        assertThatThrownBy(() -> Metrics.count(Metric.JOBS_FINISHED, "COMPLETED"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[Stage, Flavor]");
    }
}
