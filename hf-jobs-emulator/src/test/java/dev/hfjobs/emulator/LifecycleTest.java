package dev.hfjobs.emulator;

import static dev.hfjobs.emulator.HubClient.json;
import static dev.hfjobs.emulator.HubClient.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LifecycleTest extends EmulatorTest {

    private final TestClock clock = TestClock.at("2026-01-10T10:00:00Z");
    @Override
    HfJobsEmulator.Builder configure(HfJobsEmulator.Builder builder) {
        return builder.clock(clock);
    }

    @Test
    void setStageRecordsTimestampsAndDurations() throws IOException {
        String id = alice.createJobId("alice", spec());
        clock.advance(Duration.ofSeconds(6));
        emulator.setStage(id, JobStage.RUNNING, null);
        clock.advance(Duration.ofSeconds(2));

        JsonNode running = inspect(id);
        assertThat(running.path("startedAt").asText()).isEqualTo("2026-01-10T10:00:06.000Z");
        assertThat(running.path("durations").toString())
                .isEqualTo("{\"schedulingSecs\":6,\"runningSecs\":2,\"totalSecs\":8}");

        emulator.setStage(id, JobStage.ERROR, "Job failed with exit code: 3");
        clock.advance(Duration.ofMinutes(5));

        JsonNode failed = inspect(id);
        assertThat(failed.path("status").path("message").asText()).isEqualTo("Job failed with exit code: 3");
        assertThat(failed.path("finishedAt").asText()).isEqualTo("2026-01-10T10:00:08.000Z");
        assertThat(failed.path("durations").path("totalSecs").asLong()).isEqualTo(8);
    }

    @Test
    void anUnknownStageIsServedVerbatim() throws IOException {
        String id = alice.createJobId("alice", spec());

        emulator.setStage(id, "WARMING_UP", "new in 2027");

        assertThat(inspect(id).path("status").path("stage").asText()).isEqualTo("WARMING_UP");
    }

    @Test
    void advanceAllMovesOnlyUnfinishedJobs() throws IOException {
        String done = alice.createJobId("alice", spec());
        emulator.setStage(done, JobStage.COMPLETED, null);
        alice.createJobId("alice", spec());
        alice.createJobId("acme-ml", spec());

        assertThat(emulator.advanceAll(JobStage.RUNNING)).isEqualTo(2);

        assertThat(emulator.jobs()).extracting(JobSnapshot::stage)
                .containsExactlyInAnyOrder("RUNNING", "RUNNING", "COMPLETED");
    }

    @Test
    void deletedJobStaysVisibleAsDeleted() throws IOException {
        String id = alice.createJobId("alice", spec());

        emulator.deleteJob(id, Deletion.MARK_DELETED);

        assertThat(inspect(id).path("status").path("stage").asText()).isEqualTo("DELETED");
    }

    @Test
    void removedJobAnswers404() throws IOException {
        String id = alice.createJobId("alice", spec());

        emulator.deleteJob(id, Deletion.REMOVE);

        assertThat(alice.get("/api/jobs/alice/" + id).statusCode()).isEqualTo(404);
        assertThat(ListingTest.ids(alice.get("/api/jobs/alice"))).isEmpty();
        assertThat(emulator.createdJobCount()).isEqualTo(1);
    }

    @Test
    void unknownJobCannotBeMoved() {
        assertThatThrownBy(() -> emulator.setStage("0123456789abcdef01234567", JobStage.RUNNING, null))
                .isInstanceOf(EmulatorException.class);
        assertThatThrownBy(() -> emulator.deleteJob("0123456789abcdef01234567", Deletion.REMOVE))
                .isInstanceOf(EmulatorException.class);
    }

    @Test
    void timersMoveJobsThroughRunningToCompleted() throws IOException {
        emulator.autoAdvance(AutoAdvance.completing(Duration.ofSeconds(10), Duration.ofSeconds(60)));
        String id = alice.createJobId("alice", spec());

        clock.advance(Duration.ofSeconds(9));
        assertThat(inspect(id).path("status").path("stage").asText()).isEqualTo("SCHEDULING");
        clock.advance(Duration.ofSeconds(1));
        assertThat(inspect(id).path("status").path("stage").asText()).isEqualTo("RUNNING");
        clock.advance(Duration.ofMinutes(10));

        JsonNode done = inspect(id);
        assertThat(done.path("status").path("stage").asText()).isEqualTo("COMPLETED");
        assertThat(done.path("startedAt").asText()).isEqualTo("2026-01-10T10:00:10.000Z");
        assertThat(done.path("finishedAt").asText()).isEqualTo("2026-01-10T10:01:10.000Z");
        assertThat(done.path("durations").toString())
                .isEqualTo("{\"schedulingSecs\":10,\"runningSecs\":60,\"totalSecs\":70}");
    }

    @Test
    void timersCanEndJobsInError() throws IOException {
        emulator.autoAdvance(new AutoAdvance(Duration.ZERO, Duration.ofSeconds(1), JobStage.ERROR));
        String id = alice.createJobId("alice", spec());
        clock.advance(Duration.ofSeconds(1));

        assertThat(inspect(id).path("status").path("stage").asText()).isEqualTo("ERROR");
    }

    @Test
    void timersStopAJobAtItsTimeout() throws IOException {
        emulator.autoAdvance(AutoAdvance.completing(Duration.ZERO, Duration.ofHours(1)));
        String id = alice.createJobId("alice", spec().put("timeoutSeconds", 300));
        clock.advance(Duration.ofHours(2));

        JsonNode job = inspect(id);
        assertThat(job.path("status").path("stage").asText()).isEqualTo("ERROR");
        assertThat(job.path("durations").path("runningSecs").asLong()).isEqualTo(300);
    }

    @Test
    void timersRunOnTheRealClockToo() throws Exception {
        try (HfJobsEmulator real = HfJobsEmulator.builder()
                .autoAdvance(AutoAdvance.completing(Duration.ofMillis(50), Duration.ofMillis(100))).start()) {
            String id = HubClient.alice(real).createJobId("alice", spec());
            Thread.sleep(400);

            assertThat(real.job(id).orElseThrow().stage()).isEqualTo("COMPLETED");
        }
    }

    private JsonNode inspect(String id) throws IOException {
        return json(alice.get("/api/jobs/alice/" + id));
    }
}
