package dev.hfjobs.emulator;

import static dev.hfjobs.emulator.HubClient.json;
import static dev.hfjobs.emulator.HubClient.spec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobsEndpointTest extends EmulatorTest {

    private final TestClock clock = TestClock.at("2025-07-22T16:06:25.079Z");
    @Override
    HfJobsEmulator.Builder configure(HfJobsEmulator.Builder builder) {
        return builder.clock(clock);
    }

    @Test
    void createDockerJobAnswersTheHubShape() throws IOException {
        ObjectNode spec = spec();
        spec.put("timeoutSeconds", 5400).put("flavor", "a10g-small");
        spec.putObject("environment").put("EPOCHS", "3");
        spec.putObject("labels").put("team", "ml");
        spec.putArray("volumes").addObject().put("type", "dataset").put("source", "HuggingFaceFW/fineweb")
                .put("mountPath", "/data");

        JsonNode job = alice.createJob("alice", spec);

        assertThat(job.path("id").asText()).matches("[0-9a-f]{24}");
        assertThat(job.path("createdAt").asText()).isEqualTo("2025-07-22T16:06:25.079Z");
        assertThat(job.path("startedAt").isNull()).isTrue();
        assertThat(job.path("finishedAt").isNull()).isTrue();
        assertThat(job.path("dockerImage").asText()).isEqualTo("python:3.12");
        assertThat(job.path("spaceId").isNull()).isTrue();
        assertThat(job.path("command")).isEqualTo(spec.path("command"));
        assertThat(job.path("arguments").isEmpty()).isTrue();
        assertThat(job.path("environment").path("EPOCHS").asText()).isEqualTo("3");
        assertThat(job.path("flavor").asText()).isEqualTo("a10g-small");
        assertThat(job.path("timeoutSeconds").asLong()).isEqualTo(5400);
        assertThat(job.path("labels").path("team").asText()).isEqualTo("ml");
        assertThat(job.path("volumes")).isEqualTo(spec.path("volumes"));
        assertThat(job.path("status").path("stage").asText()).isEqualTo("SCHEDULING");
        assertThat(job.path("status").path("message").isNull()).isTrue();
        assertThat(job.path("durations").path("totalSecs").asLong()).isZero();
        assertThat(job.path("owner").path("name").asText()).isEqualTo("alice");
        assertThat(job.path("owner").path("type").asText()).isEqualTo("user");
        assertThat(job.path("owner").path("id").asText()).matches("[0-9a-f]{24}");
        assertThat(job.path("initiator").path("name").asText()).isEqualTo("alice");
    }

    @Test
    void createFromSpaceSetsSpaceIdOnly() throws IOException {
        ObjectNode spec = spec();
        spec.remove("dockerImage");
        spec.put("spaceId", "lhoestq/duckdb");

        JsonNode job = alice.createJob("alice", spec);

        assertThat(job.path("spaceId").asText()).isEqualTo("lhoestq/duckdb");
        assertThat(job.path("dockerImage").isNull()).isTrue();
    }

    @Test
    void secretsComeBackRedacted() throws IOException {
        ObjectNode spec = spec();
        spec.putObject("secrets").put("HF_TOKEN", "s3cr3t-value").put("WANDB_API_KEY", "other-s3cr3t");

        HttpResponse<String> created = alice.post("/api/jobs/alice", spec);
        String id = json(created).path("id").asText();
        HttpResponse<String> inspected = alice.get("/api/jobs/alice/" + id);

        for (HttpResponse<String> response : List.of(created, inspected)) {
            assertThat(response.body()).doesNotContain("s3cr3t");
            JsonNode secrets = json(response).path("secrets");
            assertThat(secrets.properties()).extracting(Map.Entry::getKey)
                    .containsExactly("HF_TOKEN", "WANDB_API_KEY");
            assertThat(secrets.path("HF_TOKEN").isNull()).isTrue();
        }
        assertThat(emulator.job(id).orElseThrow().secretNames()).containsExactly("HF_TOKEN", "WANDB_API_KEY");
    }

    @Test
    void inspectReturnsTheJobWithLiveDurations() throws IOException {
        String id = alice.createJobId("alice", spec());
        clock.advance(Duration.ofSeconds(42));

        JsonNode job = json(alice.get("/api/jobs/alice/" + id));

        assertThat(job.path("id").asText()).isEqualTo(id);
        assertThat(job.path("durations").path("totalSecs").asLong()).isEqualTo(42);
        assertThat(job.path("durations").path("schedulingSecs").isNull()).isTrue();
    }

    @Test
    void orgMemberCreatesJobsOwnedByTheOrg() throws IOException {
        JsonNode job = alice.createJob("acme-ml", spec());

        assertThat(job.path("owner").path("name").asText()).isEqualTo("acme-ml");
        assertThat(job.path("owner").path("type").asText()).isEqualTo("org");
        assertThat(job.path("initiator").path("type").asText()).isEqualTo("user");
        assertThat(job.path("initiator").path("name").asText()).isEqualTo("alice");
        assertThat(alice.get("/api/jobs/acme-ml/" + job.path("id").asText()).statusCode()).isEqualTo(200);
    }

    @Test
    void cancelMovesAnUnfinishedJobToCanceled() throws IOException {
        String id = alice.createJobId("alice", spec());

        HttpResponse<String> canceled = alice.post("/api/jobs/alice/" + id + "/cancel", null);

        assertThat(canceled.statusCode()).isEqualTo(200);
        JsonNode job = json(alice.get("/api/jobs/alice/" + id));
        assertThat(job.path("status").path("stage").asText()).isEqualTo("CANCELED");
        assertThat(job.path("finishedAt").asText()).isEqualTo("2025-07-22T16:06:25.079Z");
    }

    @Test
    void cancelLeavesAFinishedJobAsItIs() throws IOException {
        String id = alice.createJobId("alice", spec());
        emulator.setStage(id, JobStage.COMPLETED, null);

        alice.post("/api/jobs/alice/" + id + "/cancel", null);

        assertThat(emulator.job(id).orElseThrow().stage()).isEqualTo("COMPLETED");
    }

    @Test
    void updateLabelsReplacesTheLabels() throws IOException {
        String id = alice.createJobId("alice", HubClient.labeled("team", "ml", "run", "1"));

        HttpResponse<String> updated = alice.put("/api/jobs/alice/" + id + "/labels", """
                {"labels": {"stage-two": "yes"}}""");

        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(json(updated).path("labels").toString()).isEqualTo("{\"stage-two\":\"yes\"}");
        assertThat(emulator.job(id).orElseThrow().labels()).containsOnlyKeys("stage-two");
    }

    @Test
    void updateLabelsRejectsAnInvalidLabel() throws IOException {
        String id = alice.createJobId("alice", spec());

        HttpResponse<String> response = alice.put("/api/jobs/alice/" + id + "/labels", """
                {"labels": {"bad key": "x"}}""");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("X-Error-Message")).hasValueSatisfying(
                message -> assertThat(message).contains("bad key"));
    }

    @Test
    void updateLabelsValidatesLikeCreateTheNameLabelIncluded() throws IOException {
        String id = alice.createJobId("alice", HubClient.labeled("name", "first"));

        assertThat(json(alice.put("/api/jobs/alice/" + id + "/labels", "{\"labels\": {\"name\": \"sft-qwen2-0.5b\"}}"))
                .path("labels").path("name").asText()).isEqualTo("sft-qwen2-0.5b");
        ErrorsTest.assertError(alice.put("/api/jobs/alice/" + id + "/labels", "{\"labels\": {\"name\": \"a/b\"}}"), 400);
        ErrorsTest.assertError(alice.put("/api/jobs/alice/" + id + "/labels", "{\"labels\": {\"k\": \"v.1\"}}"), 400);
        ErrorsTest.assertError(alice.put("/api/jobs/alice/" + id + "/labels", "{\"name\": \"x\"}"), 400);
        assertThat(emulator.job(id).orElseThrow().labels()).containsExactly(Map.entry("name", "sft-qwen2-0.5b"));
    }

    @Test
    void clearingLabelsLeavesNone() throws IOException {
        String id = alice.createJobId("alice", HubClient.labeled("name", "first", "team", "ml"));

        JsonNode job = json(alice.put("/api/jobs/alice/" + id + "/labels", "{\"labels\": {}}"));

        assertThat(job.path("labels").isEmpty()).isTrue();
        assertThat(json(alice.get("/api/jobs/alice?label=name%3Dfirst")).isEmpty()).isTrue();
    }

    @Test
    void jobIdsAreUniqueLowercaseHex() throws IOException {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            ids.add(alice.createJobId("alice", spec()));
        }
        assertThat(ids).hasSize(30).allMatch(id -> id.matches("[0-9a-f]{24}"));
        assertThat(emulator.createdJobCount()).isEqualTo(30);
    }

    @Test
    void everyAnswerCarriesARequestId() throws IOException {
        assertThat(alice.get("/api/jobs/alice").headers().firstValue("X-Request-Id")).isPresent();
        assertThat(alice.get("/api/jobs/alice/000000000000000000000000").headers().firstValue("X-Request-Id"))
                .isPresent();
        assertThat(alice.get("/nowhere").headers().firstValue("X-Request-Id")).isPresent();
    }

    @Test
    void whoamiDescribesTheUserAndItsOrgs() throws IOException {
        JsonNode me = json(alice.get("/api/whoami-v2"));

        assertThat(me.path("type").asText()).isEqualTo("user");
        assertThat(me.path("name").asText()).isEqualTo("alice");
        assertThat(me.path("id").asText()).matches("[0-9a-f]{24}");
        assertThat(me.path("orgs").get(0).path("name").asText()).isEqualTo("acme-ml");
        assertThat(me.path("orgs").get(0).path("type").asText()).isEqualTo("org");
        assertThat(json(alice.withToken(HubClient.BOB).get("/api/whoami-v2")).path("orgs").isEmpty()).isTrue();
    }
}
