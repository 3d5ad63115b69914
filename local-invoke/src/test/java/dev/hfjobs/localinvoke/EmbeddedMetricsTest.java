package dev.hfjobs.localinvoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The EMF rules the functions' metric lines are held to: each one catches what breaks it. */
class EmbeddedMetricsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-01-10T12:00:00Z");

    /** A valid document: HubCalls by StatusClass and overall, plus a correlation property. */
    static ObjectNode valid() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode aws = root.putObject("_aws");
        aws.put("Timestamp", NOW.toEpochMilli());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", "HfJobs");
        ArrayNode sets = directive.putArray("Dimensions");
        sets.addArray().add("StatusClass");
        sets.addArray();
        directive.putArray("Metrics").addObject().put("Name", "HubCalls").put("Unit", "Count");
        root.put("StatusClass", "2xx");
        root.put("HubCalls", 3);
        root.put("requestId", "r-1");
        return root;
    }

    static String problemsOf(Consumer<ObjectNode> change) {
        ObjectNode document = valid();
        change.accept(document);
        return String.join("; ", EmbeddedMetrics.problems(document, NOW));
    }

    static ObjectNode directive(ObjectNode document) {
        return (ObjectNode) document.path("_aws").path("CloudWatchMetrics").get(0);
    }

    @Test
    void aValidDocumentYieldsOneValuePerDimensionSet() {
        EmbeddedMetrics.Reading reading = EmbeddedMetrics.read("START\n" + valid() + "\n{\"level\":\"INFO\"}\n", NOW);

        assertThat(reading.problems()).isEmpty();
        assertThat(reading.documents()).hasSize(1);
        assertThat(reading.data()).extracting(EmbeddedMetrics.Datum::dimensions)
                .containsExactly(Map.of("StatusClass", "2xx"), Map.of());
        assertThat(reading.data()).allSatisfy(d -> assertThat(d.sum()).isEqualTo(3));
    }

    @Test
    void theAwsBlockMustHoldATimestampAndDirectivesOnly() {
        assertThat(problemsOf(d -> d.put("_aws", "x"))).contains("_aws is not an object");
        assertThat(problemsOf(d -> ((ObjectNode) d.path("_aws")).remove("Timestamp"))).contains("Timestamp");
        assertThat(problemsOf(d -> ((ObjectNode) d.path("_aws")).put("Timestamp", "soon"))).contains("Timestamp");
        assertThat(problemsOf(d -> ((ObjectNode) d.path("_aws")).put("Timestamp",
                NOW.minus(Duration.ofDays(15)).toEpochMilli()))).contains("two weeks old");
        assertThat(problemsOf(d -> ((ObjectNode) d.path("_aws")).putArray("CloudWatchMetrics")))
                .contains("CloudWatchMetrics");
        assertThat(problemsOf(d -> ((ObjectNode) d.path("_aws")).put("Extra", 1))).contains("Extra");
    }

    @Test
    void aDimensionSetHoldsAtMostThirtyKeysEachWithAStringValue() {
        assertThat(problemsOf(d -> {
            ArrayNode set = ((ArrayNode) directive(d).path("Dimensions")).addArray();
            IntStream.range(0, 31).forEach(i -> {
                set.add("D" + i);
                d.put("D" + i, "v");
            });
        })).contains("at most 30 keys");
        assertThat(problemsOf(d -> d.remove("StatusClass"))).contains("dimension StatusClass has no value");
        assertThat(problemsOf(d -> d.put("StatusClass", 2))).contains("dimension StatusClass has no value");
        assertThat(problemsOf(d -> d.put("StatusClass", "ü"))).contains("ASCII");
    }

    @Test
    void metricNamesAreUniqueAndNeverADimension() {
        assertThat(problemsOf(d -> ((ArrayNode) directive(d).path("Metrics")).addObject().put("Name", "HubCalls")))
                .contains("HubCalls is defined twice");
        assertThat(problemsOf(d -> {
            ((ArrayNode) directive(d).path("Metrics")).addObject().put("Name", "StatusClass");
        })).contains("StatusClass is both a metric and a dimension");
    }

    @Test
    void metricValuesAreNumbersOrArraysOfAtMostAHundredNumbers() {
        assertThat(problemsOf(d -> d.put("HubCalls", "3"))).contains("HubCalls has no number");
        assertThat(problemsOf(d -> d.remove("HubCalls"))).contains("HubCalls has no number");
        assertThat(problemsOf(d -> IntStream.range(0, 101).forEach(d.putArray("HubCalls")::add)))
                .contains("HubCalls has no number");
        assertThat(problemsOf(d -> d.putArray("HubCalls").add(1).add(2))).isEmpty();
    }

    @Test
    void namespaceUnitAndResolutionFollowCloudWatchsRules() {
        assertThat(problemsOf(d -> directive(d).put("Namespace", "Hf Jobs"))).contains("Namespace");
        assertThat(problemsOf(d -> ((ObjectNode) directive(d).path("Metrics").get(0)).put("Unit", "Dollars")))
                .contains("not a CloudWatch unit");
        assertThat(problemsOf(d -> ((ObjectNode) directive(d).path("Metrics").get(0)).put("StorageResolution", 5)))
                .contains("StorageResolution");
        assertThat(problemsOf(d -> directive(d).put("Extra", true))).contains("Extra");
    }

    @Test
    void aDocumentWithAProblemYieldsNoValues() {
        ObjectNode broken = valid();
        broken.put("HubCalls", "three");

        EmbeddedMetrics.Reading reading = EmbeddedMetrics.read(broken.toString(), NOW);

        assertThat(reading.problems()).singleElement().asString().contains("HubCalls");
        assertThat(reading.data()).isEmpty();
    }
}
