package dev.hfjobs.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hfjobs.devstack.ProjectFiles;
import dev.hfjobs.localinvoke.EmbeddedMetrics;
import dev.hfjobs.localinvoke.InvokeResult;
import dev.hfjobs.localinvoke.LocalInvoke;
import dev.hfjobs.localinvoke.Options;
import dev.hfjobs.localinvoke.SamTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the README promises: with local-up running, every sample event in {@code events/} runs
 * through local invoke without an error answer. A sample no function claims fails the build, so a
 * new one cannot be forgotten. Needs the deployment zip, which {@code mvn verify} builds in the
 * functions module before this one (alone: {@code scripts/package} first).
 */
class EverySampleEventTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path root = ProjectFiles.root();
    private final SamTemplate template = SamTemplate.load(root.resolve("template.yaml"));

    @Test
    void everySampleEventFileBelongsToAFunctionOfTheTemplate() {
        List<Path> samples = SampleEvents.all(root.resolve("events"));

        assertThat(samples).isNotEmpty().allSatisfy(sample -> assertThat(SampleEvents.functionFor(sample))
                .as("the function %s is for (name it api-*, sqs-*, schedule-catalog*, schedule-poller* or dynamodb-*)",
                        sample.getFileName())
                .hasValueSatisfying(id -> assertThat(template.functionIds()).contains(id)));
    }

    /**
     * Also what CloudWatch would read in their logs: every function writes metric lines, and every one
     * follows the embedded metric format's rules, with none of the request's ids as a dimension.
     */
    @Test
    void everySampleEventAnswersWithoutAnErrorAndWritesValidMetricsAgainstLocalUp(@TempDir Path work)
            throws IOException {
        long started = System.nanoTime();
        Path zip = root.resolve("functions/target/hf-jobs-functions.zip");
        assertThat(zip).as("the deployment package (run scripts/package)").isRegularFile();
        Path envJson = Packaged.envJsonOnFreePorts(root, work);
        Map<String, List<Path>> samples = byFunction();
        List<String> failures = new ArrayList<>();
        Map<String, List<EmbeddedMetrics.Reading>> metrics = new LinkedHashMap<>();
        try (LocalUp up = LocalUp.start(LocalUp.Settings.fromEnvJson(root.resolve("template.yaml"), envJson, work))) {
            assertThat(up.envJson()).as("local-up's stack is the one env.json names").isEqualTo(envJson);
            assertThat(JSON.readTree(root.resolve("events/sqs-batch.json").toFile()).at("/Records/0/eventSourceARN")
                    .asText()).isEqualTo(up.stack().queue("SubmitQueue").arn());
            Options options = Packaged.invokeOptions(root);
            samples.forEach((function, events) -> {
                try (LocalInvoke lambda = LocalInvoke.of(template.function(function, up.overrides()), options)) {
                    events.forEach(event -> {
                        InvokeResult result = lambda.invoke(read(event));
                        problem(event, result).ifPresent(failures::add);
                        metrics.computeIfAbsent(function, f -> new ArrayList<>())
                                .add(EmbeddedMetrics.read(result.logs(), Instant.now()));
                    });
                }
            });
        }
        System.out.printf("every sample event (%d) through local invoke against local-up: %.1f s%n",
                samples.values().stream().mapToInt(List::size).sum(), (System.nanoTime() - started) / 1e9);
        assertThat(failures).isEmpty();
        assertThat(metrics.keySet()).containsExactlyInAnyOrderElementsOf(template.functionIds());
        metrics.forEach((function, readings) -> {
            assertThat(readings).as(function + "'s metric lines").anySatisfy(r -> assertThat(r.documents()).isNotEmpty())
                    .allSatisfy(r -> assertThat(r.problems()).isEmpty());
            readings.forEach(r -> assertThat(r.data()).allSatisfy(d -> {
                assertThat(d.namespace()).isEqualTo("HfJobs");
                assertThat(d.dimensions().keySet()).noneMatch(k -> k.toLowerCase(Locale.ROOT).contains("id"));
                assertThat(d.dimensions().values()).noneMatch(v -> v.matches("[0-9a-f]{24}"));
            }));
        });
    }

    private Map<String, List<Path>> byFunction() {
        Map<String, List<Path>> samples = new LinkedHashMap<>();
        for (Path sample : SampleEvents.all(root.resolve("events"))) {
            String function = SampleEvents.functionFor(sample)
                    .orElseThrow(() -> new AssertionError(sample + " belongs to no function"));
            samples.computeIfAbsent(function, f -> new ArrayList<>()).add(sample);
        }
        return samples;
    }

    /** An error answer: a function error, an HTTP status of 400 or more, an SQS batch item failure. */
    private static Optional<String> problem(Path event, InvokeResult result) {
        String name = event.getFileName().toString();
        if (result.isError()) {
            return Optional.of(name + ": " + result.outcome() + " " + result.payload() + "\n" + result.logs());
        }
        JsonNode answer = parse(result.payload());
        if (answer.has("statusCode") && answer.path("statusCode").asInt() >= 400) {
            return Optional.of(name + ": HTTP " + answer.path("statusCode").asInt() + " "
                    + answer.path("body").asText());
        }
        if ((name.startsWith("sqs-") || name.startsWith("dynamodb-")) && !answer.path("batchItemFailures").isEmpty()) {
            return Optional.of(name + ": batch item failures " + answer.path("batchItemFailures"));
        }
        return Optional.empty();
    }

    private static JsonNode parse(String payload) {
        try {
            return JSON.readTree(payload);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + payload, e);
        }
    }

    private static String read(Path event) {
        try {
            return Files.readString(event);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + event, e);
        }
    }
}
