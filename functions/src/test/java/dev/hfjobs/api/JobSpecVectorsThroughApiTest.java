package dev.hfjobs.api;

import static dev.hfjobs.api.ApiEvents.body;
import static dev.hfjobs.api.ApiEvents.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.emulator.RecordedRequest;
import dev.hfjobs.model.Wire;
import dev.hfjobs.submit.SubmitEvents;
import dev.hfjobs.testing.SharedReference;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every line of {@code shared/reference/jobspec-vectors-v2.jsonl} through {@code POST /jobs}: the
 * body the Hub receives is, byte for byte and key order included, what huggingface_hub 2.0.0's
 * {@code run_job} posts (the project's {@code hfjobs-} labels aside, which follow the caller's);
 * every bad request is refused with its problems named, nothing sent to the Hub, a failure event.
 */
class JobSpecVectorsThroughApiTest extends ApiHarness {

    static Stream<JsonNode> vectors() throws IOException {
        List<JsonNode> all = Files.readAllLines(SharedReference.file("reference/jobspec-vectors-v2.jsonl")).stream()
                .filter(line -> !line.isBlank()).map(Wire::parse).toList();
        assertThat(all.stream().filter(v -> v.has("expected"))).as("the reference's bodies").hasSize(80);
        assertThat(all.stream().filter(v -> v.path("expected_error").asBoolean())).as("its refusals").hasSize(35);
        return all.stream();
    }

    static Stream<JsonNode> bodies() throws IOException {
        return vectors().filter(v -> v.has("expected"));
    }

    static Stream<JsonNode> refusals() throws IOException {
        return vectors().filter(v -> v.path("expected_error").asBoolean());
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("bodies")
    void theHubReceivesTheReferencesBody(JsonNode vector) {
        JsonNode answer = invoke(post("/jobs", Wire.write(vector.get("request")), JSON));

        assertThat(status(answer)).as(vector.path("name").asText() + ": " + body(answer)).isEqualTo(201);
        List<RecordedRequest> posts = hub.requests().stream().filter(r -> r.method().equals("POST")).toList();
        assertThat(posts).hasSize(1);
        ObjectNode received = (ObjectNode) Wire.parse(posts.getFirst().body());
        ObjectNode labels = (ObjectNode) received.get("labels");
        assertThat(labels.properties().stream().map(e -> e.getKey()).filter(k -> k.startsWith("hfjobs-")).toList())
                .as("the project's labels come last").containsExactly("hfjobs-managed", "hfjobs-tracking", "hfjobs-source");
        labels.remove(List.of("hfjobs-managed", "hfjobs-tracking", "hfjobs-source"));
        assertThat(Wire.write(received)).isEqualTo(Wire.write(vector.get("expected")));
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("refusals")
    void badRequestIsRefusedWithItsProblemsAndNothingIsSent(JsonNode vector) {
        JsonNode answer = invoke(post("/jobs", Wire.write(vector.get("request")), JSON));

        assertThat(status(answer)).as(vector.path("name").asText()).isEqualTo(400);
        assertThat(body(answer).path("problems").size()).as("problems named").isPositive();
        assertThat(hub.requests()).noneMatch(r -> r.method().equals("POST"));
        assertThat(stack.events(1, Duration.ofSeconds(5))).singleElement().satisfies(e -> {
            assertThat(e.path("detail-type").asText()).isEqualTo(SubmitEvents.FAILED);
            assertThat(e.at("/detail/reason").asText()).isEqualTo("invalid-request");
        });
    }
}
