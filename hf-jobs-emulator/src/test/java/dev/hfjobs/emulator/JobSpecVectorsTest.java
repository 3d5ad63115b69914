package dev.hfjobs.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Every body huggingface_hub 2.0.0's run_job posts (shared/reference/jobspec-vectors-v2.jsonl,
 * default names included) is accepted, and the answer carries each of its fields.
 */
class JobSpecVectorsTest extends EmulatorTest {

    /** {@code ../shared} beside the project root, or HFJOBS_SHARED_DIR, as the model's vector test finds it. */
    private static Path vectors() {
        String override = System.getenv("HFJOBS_SHARED_DIR");
        Path shared = override != null ? Path.of(override) : Path.of("..", "..", "shared");
        Path file = shared.resolve("reference").resolve("jobspec-vectors-v2.jsonl");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file.toAbsolutePath().normalize()
                    + " not found: the project expects ../shared beside its root (or set HFJOBS_SHARED_DIR)");
        }
        return file;
    }

    /** The bodies the client posts, by vector name; the vectors it refuses itself never reach a Hub. */
    private static Map<String, JsonNode> postedBodies() {
        try {
            Map<String, JsonNode> bodies = new LinkedHashMap<>();
            for (String line : Files.readAllLines(vectors())) {
                JsonNode vector = HubClient.MAPPER.readTree(line.isBlank() ? "{}" : line);
                if (vector.has("expected")) {
                    bodies.put(vector.path("name").asText(), vector.path("expected"));
                }
            }
            return bodies;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyBodyTheClientPostsIsAcceptedAndAnsweredWithItsFields() throws IOException {
        Map<String, JsonNode> bodies = postedBodies();
        assertThat(bodies).hasSize(80);
        SoftAssertions softly = new SoftAssertions();

        for (Map.Entry<String, JsonNode> vector : bodies.entrySet()) {
            HttpResponse<String> response = alice.post("/api/jobs/alice", vector.getValue());
            softly.assertThat(response.statusCode()).as(vector.getKey() + ": " + response.body()).isEqualTo(200);
            if (response.statusCode() == 200) {
                assertAnswered(softly, vector.getKey(), vector.getValue(), HubClient.json(response));
            }
        }

        softly.assertAll();
        assertThat(emulator.createdJobCount()).isEqualTo(bodies.size());
    }

    @Test
    void everyBodyIsAcceptedAsTheSpecOfAScheduledJob() throws IOException {
        List<String> refused = new ArrayList<>();
        for (Map.Entry<String, JsonNode> vector : postedBodies().entrySet()) {
            ObjectNode body = HubClient.MAPPER.createObjectNode();
            body.set("jobSpec", vector.getValue());
            HttpResponse<String> response = alice.post("/api/scheduled-jobs/alice", body.put("schedule", "@daily"));
            JsonNode echoed = HubClient.json(response).path("jobSpec");
            if (response.statusCode() != 200 || !echoed.path("labels").equals(vector.getValue().path("labels"))) {
                refused.add(vector.getKey() + ": " + response.body());
            }
        }
        assertThat(refused).isEmpty();
    }

    /** The answer's network: null without a group, else the group with its aliases, [] when none were sent. */
    private static JsonNode expectedNetwork(JsonNode sent) {
        if (sent.isMissingNode()) {
            return HubClient.MAPPER.nullNode();
        }
        ObjectNode network = HubClient.MAPPER.createObjectNode().put("group", sent.path("group").asText());
        network.set("aliases", sent.has("aliases") ? sent.path("aliases") : HubClient.MAPPER.createArrayNode());
        return network;
    }

    private static void assertAnswered(SoftAssertions softly, String name, JsonNode sent, JsonNode job) {
        String id = job.path("id").asText();
        for (String field : List.of("command", "arguments", "environment", "flavor", "labels", "dockerImage",
                "spaceId", "volumes", "expose", "ssh", "resourceGroupId")) {
            if (sent.has(field)) {
                softly.assertThat(job.path(field)).as(name + " " + field).isEqualTo(sent.path(field));
            }
        }
        softly.assertThat(job.path("timeoutSeconds").asLong()).as(name + " timeoutSeconds")
                .isEqualTo(sent.path("timeoutSeconds").asLong(JobSpecParser.DEFAULT_TIMEOUT_SECONDS));
        sent.path("secrets").properties().forEach(secret -> {
            softly.assertThat(job.path("secrets").has(secret.getKey())).as(name + " secret name").isTrue();
            softly.assertThat(job.toString()).as(name + " secret value").doesNotContain(secret.getValue().asText());
        });
        List<String> urls = new ArrayList<>();
        sent.path("expose").path("ports").forEach(port -> urls.add("https://" + id + "--" + port.asInt() + ".hf.jobs"));
        softly.assertThat(job.path("status").path("exposeUrls")).as(name + " exposeUrls")
                .isEqualTo(urls.isEmpty() ? HubClient.MAPPER.nullNode() : HubClient.MAPPER.valueToTree(urls));
        softly.assertThat(job.path("status").path("sshUrl").asText(null)).as(name + " sshUrl")
                .isEqualTo(sent.has("ssh") ? "ssh://" + id + "@ssh.hf.jobs" : null);
        softly.assertThat(job.path("network")).as(name + " network").isEqualTo(expectedNetwork(sent.path("network")));
        softly.assertThat(job.path("initiator").path("name").asText()).as(name + " initiator").isEqualTo("alice");
    }
}
