package dev.hfjobs.emulator;

import static dev.hfjobs.emulator.HubClient.json;
import static dev.hfjobs.emulator.HubClient.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Jobs created with a fixed id, as sample events that name a job id need them. */
class SeededJobsTest extends EmulatorTest {

    private static final String ID = "0123456789abcdef01234567";
    private final TestClock clock = TestClock.at("2026-01-10T10:00:00Z");

    @Override
    HfJobsEmulator.Builder configure(HfJobsEmulator.Builder builder) {
        return builder.clock(clock);
    }

    @Test
    void aSeededJobAnswersUnderItsIdLikeAPostedOne() throws IOException {
        JobSnapshot seeded = emulator.seedJob(ID, "alice", "alice", spec().toString());

        JsonNode job = json(alice.get("/api/jobs/alice/" + ID));
        assertThat(seeded.id()).isEqualTo(ID);
        assertThat(job.path("id").asText()).isEqualTo(ID);
        assertThat(job.path("status").path("stage").asText()).isEqualTo("SCHEDULING");
        assertThat(job.path("dockerImage").asText()).isEqualTo("python:3.12");
        assertThat(job.path("owner").path("name").asText()).isEqualTo("alice");
        assertThat(job.path("initiator").path("name").asText()).isEqualTo("alice");
        assertThat(json(alice.post("/api/jobs/alice/" + ID + "/cancel", null)).path("status").path("stage").asText())
                .isEqualTo("CANCELED");
    }

    @Test
    void aSeededJobMovesOnWithTheTimers() throws IOException {
        emulator.autoAdvance(AutoAdvance.completing(Duration.ofSeconds(5), Duration.ofSeconds(30)));
        emulator.seedJob(ID, "alice", "acme-ml", spec().toString());

        clock.advance(Duration.ofSeconds(6));
        assertThat(stage("acme-ml")).isEqualTo("RUNNING");
        clock.advance(Duration.ofSeconds(30));
        assertThat(stage("acme-ml")).isEqualTo("COMPLETED");
    }

    @Test
    void aTakenOrMalformedIdIsRefused() {
        emulator.seedJob(ID, "alice", "alice", spec().toString());

        assertThatThrownBy(() -> emulator.seedJob(ID, "alice", "alice", spec().toString()))
                .isInstanceOf(EmulatorException.class).hasMessageContaining("already exists");
        assertThatThrownBy(() -> emulator.seedJob("0123456789ABCDEF01234567", "alice", "alice", spec().toString()))
                .isInstanceOf(EmulatorException.class).hasMessageContaining("24 lower-case hex");
        assertThat(emulator.jobs()).hasSize(1);
    }

    @Test
    void aUserOutsideTheNamespaceOrAnInvalidSpecIsRefused() {
        assertThatThrownBy(() -> emulator.seedJob(ID, "bob", "alice", spec().toString()))
                .isInstanceOf(EmulatorException.class).hasMessageContaining("may not use namespace 'alice'");
        assertThatThrownBy(() -> emulator.seedJob(ID, "carol", "carol", spec().toString()))
                .isInstanceOf(EmulatorException.class).hasMessageContaining("no user 'carol'");
        assertThatThrownBy(() -> emulator.seedJob(ID, "alice", "alice", "{\"flavor\": \"cpu-basic\"}"))
                .isInstanceOf(EmulatorException.class);
        assertThat(emulator.jobs()).isEmpty();
    }

    @Test
    void theAdminApiSeedsAJob() throws IOException {
        HubClient admin = alice.withToken(null);

        assertThat(admin.put("/_emulator/jobs/" + ID, "{\"user\": \"alice\", \"spec\": " + spec() + "}")
                .statusCode()).isEqualTo(201);

        assertThat(stage("alice")).isEqualTo("SCHEDULING");
        ErrorsTest.assertError(admin.put("/_emulator/jobs/" + ID, "{\"user\": \"alice\", \"spec\": " + spec() + "}"),
                409);
        ErrorsTest.assertError(admin.put("/_emulator/jobs/" + ID, "{\"spec\": " + spec() + "}"), 400);
    }

    private String stage(String namespace) throws IOException {
        return json(alice.get("/api/jobs/" + namespace + "/" + ID)).path("status").path("stage").asText();
    }
}
