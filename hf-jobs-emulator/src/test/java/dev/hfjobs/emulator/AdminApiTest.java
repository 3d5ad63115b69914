package dev.hfjobs.emulator;

import static dev.hfjobs.emulator.HubClient.json;
import static dev.hfjobs.emulator.HubClient.spec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminApiTest extends EmulatorTest {

    private HubClient admin;

    @BeforeEach
    void adminClient() {
        admin = alice.withToken(null);
    }

    @Test
    void faultsSetsSwitchesAndAnswersTheSettings() throws IOException {
        HttpResponse<String> response = admin.post("/_emulator/faults", """
                {"pageSize": 2, "legacyMode": true, "latencyMillis": 0,
                 "autoAdvance": {"schedulingMillis": 1000, "runningMillis": 5000, "outcome": "ERROR"}}""");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).toString()).isEqualTo("{\"pageSize\":2,\"legacyMode\":true,\"latencyMillis\":0,"
                + "\"keepAliveMillis\":30000,\"metricsPeriodMillis\":1000,\"defaultLogLines\":true,"
                + "\"autoAdvance\":{\"schedulingMillis\":1000,\"runningMillis\":5000,\"outcome\":\"ERROR\"}}");
        assertThat(alice.createJob("alice", spec()).path("status").path("stage").asText()).isEqualTo("RUNNING");
        assertThat(json(admin.post("/_emulator/faults", "{\"autoAdvance\": null}")).path("autoAdvance").isNull())
                .isTrue();
    }

    @Test
    void faultsArmsOneShotFaults() throws IOException {
        admin.post("/_emulator/faults", """
                {"failNext": [{"method": "GET", "path": "/api/jobs/alice$", "count": 1, "status": 502}],
                 "rateLimitNext": {"count": 1, "retryAfterSeconds": 3},
                 "malformedNext": 1, "dropAfterCreate": 0}""");

        assertThat(alice.get("/api/jobs/alice").headers().firstValue("Retry-After")).hasValue("3");
        assertThat(alice.get("/api/jobs/alice").statusCode()).isEqualTo(502);
        assertThat(alice.get("/api/jobs/alice").body()).isEqualTo(Faults.MALFORMED_JSON);
        assertThat(alice.get("/api/jobs/alice").body()).isEqualTo("[]");
    }

    @Test
    void invalidSwitchesAre400AndChangeNothing() throws IOException {
        ErrorsTest.assertError(admin.post("/_emulator/faults", "{\"pageSize\": 3, \"warpSpeed\": true}"), 400);
        ErrorsTest.assertError(admin.post("/_emulator/faults", "{\"pageSize\": 0}"), 400);
        ErrorsTest.assertError(admin.post("/_emulator/faults", "{\"failNext\": {\"status\": 200}}"), 400);
        ErrorsTest.assertError(admin.post("/_emulator/faults", "{\"failNext\": {\"path\": \"(\", \"status\": 500}}"),
                400);

        assertThat(json(admin.post("/_emulator/faults", "{}")).path("pageSize").asInt()).isEqualTo(50);
    }

    @Test
    void stageMovesOneJob() throws IOException {
        String id = alice.createJobId("alice", spec());

        HttpResponse<String> response = admin.post("/_emulator/jobs/" + id + "/stage",
                "{\"stage\": \"ERROR\", \"message\": \"OOM\"}");

        assertThat(json(response).path("status").toString())
                .isEqualTo("{\"stage\":\"ERROR\",\"message\":\"OOM\",\"exposeUrls\":null}");
        ErrorsTest.assertError(admin.post("/_emulator/jobs/0123456789abcdef01234567/stage", "{\"stage\": \"ERROR\"}"),
                404);
        ErrorsTest.assertError(admin.post("/_emulator/jobs/" + id + "/stage", "{}"), 400);
    }

    @Test
    void stageCanPrintLinesBeforeTheMove() throws IOException {
        String id = alice.createJobId("alice", spec());
        admin.post("/_emulator/jobs/" + id + "/stage", "{\"stage\": \"RUNNING\"}");

        admin.post("/_emulator/jobs/" + id + "/stage",
                "{\"stage\": \"ERROR\", \"message\": \"exit 1\", \"lines\": [\"Traceback\", \"KeyError: 'x'\"]}");

        assertThat(emulator.logs(id)).extracting(LogLine::text).containsExactly(
                "$ python -c 'print('\"'\"'hi'\"'\"')'", "Traceback", "KeyError: 'x'",
                "[hf-jobs-emulator] ERROR: exit 1");
        ErrorsTest.assertError(admin.post("/_emulator/jobs/" + id + "/stage", "{\"stage\": \"X\", \"lines\": \"a\"}"),
                400);
    }

    @Test
    void logsAddsLinesAndReadsTheWholeLog() throws IOException {
        String id = alice.createJobId("alice", spec());

        assertThat(admin.post("/_emulator/jobs/" + id + "/logs", "{\"lines\": [\"one\", \"two\"]}").statusCode())
                .isEqualTo(204);

        JsonNode log = json(admin.get("/_emulator/jobs/" + id + "/logs"));
        assertThat(log.path("lines")).extracting(line -> line.path("line").asText()).containsExactly("one", "two");
        assertThat(log.path("lines").get(0).path("timestamp").asText()).matches("\\d{4}-.*Z");
        ErrorsTest.assertError(admin.post("/_emulator/jobs/" + id + "/logs", "{\"lines\": [1]}"), 400);
        ErrorsTest.assertError(admin.post("/_emulator/jobs/0123456789abcdef01234567/logs", "{\"lines\": []}"), 404);
        ErrorsTest.assertError(admin.get("/_emulator/jobs/0123456789abcdef01234567/logs"), 404);
    }

    @Test
    void metricsSetsTheSampleAJobReports() throws Exception {
        String id = alice.createJobId("alice", spec());
        emulator.setStage(id, JobStage.RUNNING, null);

        assertThat(admin.put("/_emulator/jobs/" + id + "/metrics", "{\"cpu_usage_pct\": 99, \"gpus\": null}")
                .statusCode()).isEqualTo(204);

        try (EventStreamClient metrics = EventStreamClient.open(emulator, "/api/jobs/alice/" + id + "/metrics")) {
            assertThat(metrics.nextData(Duration.ofSeconds(5)).toString())
                    .isEqualTo("{\"cpu_usage_pct\":99,\"gpus\":null}");
        }
        ErrorsTest.assertError(admin.put("/_emulator/jobs/" + id + "/metrics", "[]"), 400);
        ErrorsTest.assertError(admin.put("/_emulator/jobs/0123456789abcdef01234567/metrics", "{}"), 404);
    }

    @Test
    void faultsSetsTheStreamPaceAndDefaultLines() throws IOException {
        JsonNode settings = json(admin.post("/_emulator/faults",
                "{\"keepAliveMillis\": 250, \"metricsPeriodMillis\": 100, \"defaultLogLines\": false}"));

        assertThat(settings.path("keepAliveMillis").asInt()).isEqualTo(250);
        assertThat(settings.path("metricsPeriodMillis").asInt()).isEqualTo(100);
        assertThat(settings.path("defaultLogLines").asBoolean()).isFalse();
        ErrorsTest.assertError(admin.post("/_emulator/faults", "{\"keepAliveMillis\": 0}"), 400);
        ErrorsTest.assertError(admin.post("/_emulator/faults", "{\"defaultLogLines\": \"no\"}"), 400);
    }

    @Test
    void advanceMovesEveryUnfinishedJob() throws IOException {
        alice.createJobId("alice", spec());
        alice.createJobId("acme-ml", spec());

        assertThat(json(admin.post("/_emulator/advance", "{\"stage\": \"RUNNING\"}")).path("advanced").asInt())
                .isEqualTo(2);
        assertThat(emulator.jobs()).allSatisfy(job -> assertThat(job.stage()).isEqualTo("RUNNING"));
    }

    @Test
    void deleteMarksOrRemovesAJob() throws IOException {
        String marked = alice.createJobId("alice", spec());
        String removed = alice.createJobId("alice", spec());

        assertThat(admin.delete("/_emulator/jobs/" + marked + "?mode=mark-deleted").statusCode()).isEqualTo(204);
        assertThat(admin.delete("/_emulator/jobs/" + removed).statusCode()).isEqualTo(204);

        assertThat(emulator.jobs()).singleElement().satisfies(job -> assertThat(job.stage()).isEqualTo("DELETED"));
        ErrorsTest.assertError(admin.delete("/_emulator/jobs/" + removed), 404);
    }

    @Test
    void jobsListsEveryNamespace() throws IOException {
        alice.createJobId("alice", spec());
        alice.createJobId("acme-ml", spec());

        JsonNode jobs = json(admin.get("/_emulator/jobs"));

        assertThat(jobs.size()).isEqualTo(2);
        assertThat(jobs.get(0).path("owner").path("name").asText()).isEqualTo("acme-ml");
    }

    @Test
    void requestsListsRecordedRequestsWithoutTokens() throws IOException {
        alice.post("/api/jobs/alice?x=1", spec());

        JsonNode requests = json(admin.get("/_emulator/requests"));

        assertThat(requests.size()).isEqualTo(1);
        JsonNode request = requests.get(0);
        assertThat(request.path("method").asText()).isEqualTo("POST");
        assertThat(request.path("path").asText()).isEqualTo("/api/jobs/alice");
        assertThat(request.path("query").asText()).isEqualTo("x=1");
        assertThat(request.path("user").asText()).isEqualTo("alice");
        assertThat(request.path("headers").path("authorization").get(0).asText()).isEqualTo("Bearer <redacted>");
        assertThat(requests.toString()).doesNotContain(HubClient.ALICE);
        assertThat(admin.delete("/_emulator/requests").statusCode()).isEqualTo(204);
        assertThat(emulator.requests()).isEmpty();
    }

    @Test
    void hardwareReplacesTheCatalog() throws IOException {
        assertThat(admin.put("/_emulator/hardware", """
                [{"name": "cpu-basic", "prettyName": "CPU Basic", "cpu": "2 vCPU", "ram": "16 GB",
                  "accelerator": null, "unitCostMicroUSD": 300, "unitCostUSD": 0.0003, "unitLabel": "minute"}]
                """).statusCode()).isEqualTo(204);

        JsonNode catalog = json(alice.get("/api/jobs/hardware"));
        assertThat(catalog.size()).isEqualTo(1);
        assertThat(catalog.get(0).has("ephemeralStorage")).isFalse();
        assertThat(catalog.get(0).path("unitCostMicroUSD").asLong()).isEqualTo(300);
        ErrorsTest.assertError(admin.put("/_emulator/hardware", "{}"), 400);
    }

    @Test
    void resetForgetsEverything() throws IOException {
        alice.createJobId("alice", spec());
        emulator.pageSize(1);
        emulator.rateLimitNext(3, 1);

        assertThat(admin.post("/_emulator/reset", null).statusCode()).isEqualTo(204);

        assertThat(emulator.jobs()).isEmpty();
        assertThat(emulator.createdJobCount()).isZero();
        assertThat(emulator.requests()).isEmpty();
        assertThat(alice.get("/api/jobs/alice").statusCode()).isEqualTo(200);
    }

    @Test
    void unknownAdminRouteIs404() throws IOException {
        ErrorsTest.assertError(admin.get("/_emulator/nothing"), 404);
        ErrorsTest.assertError(admin.get("/_emulator/reset"), 405);
    }
}
