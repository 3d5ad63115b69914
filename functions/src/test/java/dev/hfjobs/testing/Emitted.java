package dev.hfjobs.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hfjobs.Metrics;
import dev.hfjobs.localinvoke.EmbeddedMetrics;
import dev.hfjobs.model.Wire;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What functions wrote to their log, read back as CloudWatch reads it: the metric lines (checked
 * against the embedded metric format's rules, and against the project's: namespace {@code HfJobs},
 * only the dimensions a {@link Metrics.Metric} declares) and the other JSON lines.
 */
public record Emitted(EmbeddedMetrics.Reading metrics, List<JsonNode> lines) {

    /** Reads {@code logged} (e.g. {@link TestStack#seen()}); fails on any line that breaks the rules. */
    public static Emitted from(List<String> logged) {
        EmbeddedMetrics.Reading reading = EmbeddedMetrics.read(String.join("\n", logged), Instant.now());
        assertThat(reading.problems()).as("EMF problems").isEmpty();
        reading.data().forEach(Emitted::declared);
        List<JsonNode> lines = logged.stream().filter(l -> l.startsWith("{") && !l.contains("\"_aws\""))
                .map(Wire::parse).toList();
        return new Emitted(reading, lines);
    }

    private static void declared(EmbeddedMetrics.Datum datum) {
        assertThat(datum.namespace()).isEqualTo(Metrics.NAMESPACE);
        Metrics.Metric metric = List.of(Metrics.Metric.values()).stream()
                .filter(m -> m.metricName().equals(datum.name())).findFirst()
                .orElseThrow(() -> new AssertionError("not a declared metric: " + datum.name()));
        assertThat(metric.dimensionSets()).as(datum.name() + " is emitted under a dimension set it declares")
                .anySatisfy(set -> assertThat(Set.copyOf(set)).isEqualTo(datum.dimensions().keySet()));
    }

    /** The sum of {@code metric} under exactly these dimensions (0 when never emitted). */
    public double sum(String metric, Map<String, String> dimensions) {
        return metrics.data().stream().filter(d -> d.name().equals(metric) && d.dimensions().equals(dimensions))
                .mapToDouble(EmbeddedMetrics.Datum::sum).sum();
    }

    /** The sum of {@code metric} without dimensions (0 when never emitted). */
    public double total(String metric) {
        return sum(metric, Map.of());
    }

    /** The log lines (not metrics) whose message is {@code message}. */
    public List<JsonNode> lines(String message) {
        return lines.stream().filter(l -> l.path("message").asText().equals(message)).toList();
    }
}
