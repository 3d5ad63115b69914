package dev.hfjobs.emulator;

import static dev.hfjobs.emulator.HubClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScheduledJobsTest extends EmulatorTest {

    private final TestClock clock = TestClock.at("2026-06-30T09:00:00Z");
    @Override
    HfJobsEmulator.Builder configure(HfJobsEmulator.Builder builder) {
        return builder.clock(clock);
    }

    @Test
    void createAnswersTheScheduledJobShape() throws IOException {
        ObjectNode spec = HubClient.labeled("team", "ml");
        spec.putObject("secrets").put("HF_TOKEN", "s3cr3t");

        HttpResponse<String> response = alice.post("/api/scheduled-jobs/alice", body(spec, "0 0 * * *"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).doesNotContain("s3cr3t");
        JsonNode scheduled = json(response);
        assertThat(scheduled.path("id").asText()).matches("[0-9a-f]{24}");
        assertThat(scheduled.path("createdAt").asText()).isEqualTo("2026-06-30T09:00:00.000Z");
        assertThat(scheduled.path("schedule").asText()).isEqualTo("0 0 * * *");
        assertThat(scheduled.path("suspend").asBoolean(true)).isFalse();
        assertThat(scheduled.path("concurrency").asBoolean(true)).isFalse();
        assertThat(scheduled.path("jobSpec").path("dockerImage").asText()).isEqualTo("python:3.12");
        assertThat(scheduled.path("jobSpec").path("timeoutSeconds").asLong()).isEqualTo(1800);
        assertThat(scheduled.path("jobSpec").path("labels").path("team").asText()).isEqualTo("ml");
        assertThat(scheduled.path("jobSpec").path("secrets").path("HF_TOKEN").isNull()).isTrue();
        assertThat(scheduled.path("status").path("lastJob").isNull()).isTrue();
        assertThat(scheduled.path("status").path("nextJobRunAt").asText()).isEqualTo("2026-07-01T00:00:00.000Z");
        assertThat(scheduled.path("owner").path("name").asText()).isEqualTo("alice");
    }

    @Test
    void invalidScheduleOrSpecIs400() throws IOException {
        ErrorsTest.assertError(alice.post("/api/scheduled-jobs/alice", body(HubClient.spec(), "every day")), 400);
        ErrorsTest.assertError(alice.post("/api/scheduled-jobs/alice",
                body(HubClient.spec().put("flavor", "nope"), "@daily")), 400);
        ErrorsTest.assertError(alice.post("/api/scheduled-jobs/alice", "{\"schedule\": \"@daily\"}"), 400);
    }

    @Test
    void listFiltersByLabel() throws IOException {
        String ml = create(HubClient.labeled("team", "ml"), "@hourly");
        create(HubClient.labeled("team", "data"), "@hourly");
        alice.post("/api/scheduled-jobs/acme-ml", body(HubClient.spec(), "@hourly"));

        assertThat(json(alice.get("/api/scheduled-jobs/alice")).size()).isEqualTo(2);
        JsonNode filtered = json(alice.get("/api/scheduled-jobs/alice?label=team%3Dml"));
        assertThat(filtered.size()).isEqualTo(1);
        assertThat(filtered.get(0).path("id").asText()).isEqualTo(ml);
    }

    @Test
    void suspendHidesTheNextRunAndResumeRecomputesIt() throws IOException {
        String id = create(HubClient.spec(), "@hourly");

        assertThat(alice.post("/api/scheduled-jobs/alice/" + id + "/suspend", null).statusCode()).isEqualTo(204);
        JsonNode suspended = inspect(id);
        assertThat(suspended.path("suspend").asBoolean()).isTrue();
        assertThat(suspended.path("status").path("nextJobRunAt").isNull()).isTrue();

        clock.advance(Duration.ofMinutes(90));
        assertThat(alice.post("/api/scheduled-jobs/alice/" + id + "/resume", null).statusCode()).isEqualTo(204);
        JsonNode resumed = inspect(id);
        assertThat(resumed.path("suspend").asBoolean()).isFalse();
        assertThat(resumed.path("status").path("nextJobRunAt").asText()).isEqualTo("2026-06-30T11:00:00.000Z");
    }

    @Test
    void runStartsAJobFromTheSpecAndRecordsIt() throws IOException {
        String id = create(HubClient.labeled("team", "ml"), "@daily");

        HttpResponse<String> response = alice.post("/api/scheduled-jobs/alice/" + id + "/run", null);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode job = json(response);
        assertThat(job.path("status").path("stage").asText()).isEqualTo("SCHEDULING");
        assertThat(job.path("labels").path("team").asText()).isEqualTo("ml");
        assertThat(job.path("labels").path("scheduled-job-id").asText()).isEqualTo(id);
        assertThat(job.path("initiator").path("type").asText()).isEqualTo("scheduled-job");
        assertThat(job.path("initiator").path("id").asText()).isEqualTo(id);
        JsonNode scheduled = inspect(id);
        assertThat(scheduled.path("status").path("lastJob").path("id").asText()).isEqualTo(job.path("id").asText());
        assertThat(scheduled.path("status").path("lastJob").path("at").asText()).isEqualTo("2026-06-30T09:00:00.000Z");
        assertThat(scheduled.path("status").path("nextJobRunAt").asText()).isEqualTo("2026-07-01T00:00:00.000Z");
    }

    @Test
    void aRunNamesItsScheduledJobAsInitiator() throws IOException {
        String id = create(HubClient.labeled("name", "nightly-eval"), "@daily");

        JsonNode job = json(alice.post("/api/scheduled-jobs/alice/" + id + "/run", null));

        assertThat(job.path("initiator").toString())
                .isEqualTo("{\"type\":\"scheduled-job\",\"id\":\"" + id + "\",\"name\":\"nightly-eval\"}");
        assertThat(job.path("labels").path("name").asText()).isEqualTo("nightly-eval");
    }

    @Test
    void runWhileARunIsUnfinishedIs409WithoutConcurrency() throws IOException {
        String id = create(HubClient.spec(), "@daily");
        String first = json(alice.post("/api/scheduled-jobs/alice/" + id + "/run", null)).path("id").asText();

        ErrorsTest.assertError(alice.post("/api/scheduled-jobs/alice/" + id + "/run", null), 409);

        emulator.setStage(first, JobStage.COMPLETED, null);
        assertThat(alice.post("/api/scheduled-jobs/alice/" + id + "/run", null).statusCode()).isEqualTo(200);
    }

    @Test
    void runWithConcurrencyStartsAnotherJob() throws IOException {
        ObjectNode body = body(HubClient.spec(), "@daily");
        body.put("concurrency", true);
        String id = json(alice.post("/api/scheduled-jobs/alice", body)).path("id").asText();

        alice.post("/api/scheduled-jobs/alice/" + id + "/run", null);

        assertThat(alice.post("/api/scheduled-jobs/alice/" + id + "/run", null).statusCode()).isEqualTo(200);
        assertThat(emulator.createdJobCount()).isEqualTo(2);
    }

    @Test
    void deletedScheduledJobIs404() throws IOException {
        String id = create(HubClient.spec(), "@daily");

        assertThat(alice.delete("/api/scheduled-jobs/alice/" + id).statusCode()).isEqualTo(204);

        ErrorsTest.assertError(alice.get("/api/scheduled-jobs/alice/" + id), 404);
        ErrorsTest.assertError(alice.post("/api/scheduled-jobs/alice/" + id + "/run", null), 404);
    }

    @Test
    void scheduledJobsOfAnotherNamespaceAreForbidden() throws IOException {
        String id = create(HubClient.spec(), "@daily");

        ErrorsTest.assertError(alice.withToken(HubClient.BOB).get("/api/scheduled-jobs/alice/" + id), 403);
    }

    @Test
    void dueSchedulesFireOnTheEmulatorClock() throws IOException {
        String hourly = create(HubClient.spec(), "@hourly");
        String suspended = create(HubClient.spec(), "@hourly");
        alice.post("/api/scheduled-jobs/alice/" + suspended + "/suspend", null);
        clock.advance(Duration.ofHours(1));

        assertThat(emulator.runDueScheduledJobs()).hasSize(1);

        assertThat(emulator.jobs()).singleElement().satisfies(job -> {
            assertThat(job.scheduledJobId()).contains(hourly);
            assertThat(job.createdAt()).isEqualTo("2026-06-30T10:00:00Z");
        });
        assertThat(inspect(hourly).path("status").path("nextJobRunAt").asText()).isEqualTo("2026-06-30T11:00:00.000Z");
        assertThat(emulator.runDueScheduledJobs()).isEmpty();
    }

    @Test
    void updateLabelsReplacesTheSpecLabels() throws IOException {
        String id = create(HubClient.labeled("team", "ml"), "@daily");

        HttpResponse<String> response = alice.put("/api/scheduled-jobs/alice/" + id + "/labels",
                "{\"labels\": {\"owner\": \"data\"}}");

        assertThat(json(response).path("jobSpec").path("labels").toString()).isEqualTo("{\"owner\":\"data\"}");
    }

    @Test
    void updateLabelsValidatesLikeCreate() throws IOException {
        String id = create(HubClient.labeled("name", "nightly"), "@daily");

        ErrorsTest.assertError(alice.put("/api/scheduled-jobs/alice/" + id + "/labels",
                "{\"labels\": {\"bad key\": \"x\"}}"), 400);
        assertThat(inspect(id).path("jobSpec").path("labels").path("name").asText()).isEqualTo("nightly");
    }

    @Test
    void runsStartedBeforeALabelUpdateKeepTheirLabels() throws IOException {
        String id = create(HubClient.labeled("name", "nightly"), "@daily");
        String run = json(alice.post("/api/scheduled-jobs/alice/" + id + "/run", null)).path("id").asText();

        alice.put("/api/scheduled-jobs/alice/" + id + "/labels", "{\"labels\": {\"name\": \"weekly\"}}");

        assertThat(emulator.job(run).orElseThrow().labels()).containsEntry("name", "nightly");
    }

    private String create(JsonNode spec, String schedule) throws IOException {
        HttpResponse<String> response = alice.post("/api/scheduled-jobs/alice", body(spec, schedule));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response).path("id").asText();
    }

    private JsonNode inspect(String id) throws IOException {
        return json(alice.get("/api/scheduled-jobs/alice/" + id));
    }

    private static ObjectNode body(JsonNode spec, String schedule) {
        ObjectNode body = HubClient.MAPPER.createObjectNode();
        body.set("jobSpec", spec);
        return body.put("schedule", schedule);
    }
}
