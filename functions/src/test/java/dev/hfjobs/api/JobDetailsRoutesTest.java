package dev.hfjobs.api;

import static dev.hfjobs.api.ApiEvents.body;
import static dev.hfjobs.api.ApiEvents.v2;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hfjobs.emulator.JobStage;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A job's labels, logs and metrics, on the project's routes (JSON) and on the Hub's (server-sent
 * events, buffered): what the emulator's streams deliver within a bounded read.
 */
class JobDetailsRoutesTest extends ApiHarness {
    static final String JOB = """
            {"image": "python:3.12", "command": ["python", "train.py"], "flavor": "a10g-small", "labels": {"team": "ml"}}""";

    String submitted() {
        JsonNode answer = invoke(v2("POST", "/jobs", "", JOB, JSON));
        assertThat(status(answer)).isEqualTo(201);
        return body(answer).path("id").asText();
    }

    JsonNode get(String path, String query) {
        return invoke(v2("GET", path, query, null, Map.of()));
    }

    @Test
    void logsOfAFinishedJobAreItsLinesWithoutTheHubsMarker() {
        String id = submitted();
        hub.setStage(id, JobStage.RUNNING, null);
        hub.appendLogs(id, "epoch 1: loss 0.9", "epoch 2: loss 0.4");
        hub.setStage(id, JobStage.COMPLETED, null);

        JsonNode answer = get("/jobs/" + id + "/logs", "");

        assertThat(status(answer)).isEqualTo(200);
        assertThat(body(answer).path("lines").findValuesAsText("line")).contains("epoch 1: loss 0.9",
                "epoch 2: loss 0.4").noneMatch(line -> line.startsWith("===== Job started"));
        assertThat(body(answer).path("lines").get(0).path("timestamp").asText()).endsWith("Z");
        assertThat(body(answer).path("ended").asBoolean()).isTrue();
        assertThat(body(answer).path("truncated").asBoolean()).isFalse();
    }

    @Test
    void tailAsksTheHubForTheLastLinesAndIsChecked() {
        String id = submitted();
        hub.appendLogs(id, "one", "two", "three");
        hub.setStage(id, JobStage.ERROR, "exit code 1");

        JsonNode answer = get("/jobs/" + id + "/logs", "tail=1");

        assertThat(body(answer).path("lines").findValuesAsText("line")).hasSize(1);
        assertThat(hub.requests()).anyMatch(r -> r.path().endsWith("/logs") && r.query().equals("tail=1"));
        assertThat(status(get("/jobs/" + id + "/logs", "tail=0"))).isEqualTo(400);
        assertThat(status(get("/jobs/" + id + "/logs", "tail=99999999"))).isEqualTo(400);
    }

    @Test
    void logsOfALiveJobAreWhatCameBeforeTheStreamWentQuiet() {
        String id = submitted();
        hub.setStage(id, JobStage.RUNNING, null);
        hub.appendLogs(id, "still training");
        long started = System.nanoTime();

        JsonNode answer = get("/jobs/" + id + "/logs", "");

        assertThat(body(answer).path("lines").findValuesAsText("line")).contains("still training");
        assertThat(body(answer).path("ended").asBoolean()).as("the job runs on").isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("cut by silence, within the answer's time")
                .isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void metricsOfARunningJobAreItsLatestSamples() {
        hub.metricsPeriod(Duration.ofMillis(200));
        String id = submitted();
        hub.setStage(id, JobStage.RUNNING, null);

        JsonNode answer = get("/jobs/" + id + "/metrics", "");

        assertThat(status(answer)).isEqualTo(200);
        assertThat(body(answer).path("samples").size()).isBetween(1, JobDetailsRoutes.METRICS.maxEvents());
        assertThat(body(answer).path("samples").get(0).has("cpu_usage_pct")).isTrue();
    }

    @Test
    void metricsOfAFinishedJobAreNoSamplesNotAnError() {
        String id = submitted();
        hub.setStage(id, JobStage.COMPLETED, null);

        JsonNode answer = get("/jobs/" + id + "/metrics", "");

        assertThat(status(answer)).isEqualTo(200);
        assertThat(body(answer).path("samples").size()).isZero();
        assertThat(body(answer).path("stage").asText()).isEqualTo("COMPLETED");
    }

    @Test
    void labelsReplaceTheCallersAndKeepTheProjectsTracking() {
        String id = submitted();

        JsonNode answer = invoke(v2("PUT", "/jobs/" + id + "/labels", "", "{\"labels\": {\"phase\": \"eval\"}}", JSON));

        assertThat(status(answer)).isEqualTo(200);
        JsonNode labels = body(answer).path("labels");
        assertThat(labels.path("phase").asText()).isEqualTo("eval");
        assertThat(labels.has("team")).isFalse();
        assertThat(labels.path("hfjobs-tracking").asText()).matches("[0-9a-f]{32}");
        assertThat(hub.job(id).orElseThrow().labels()).containsEntry("hfjobs-managed", "true");
        JsonNode refused = invoke(v2("PUT", "/jobs/" + id + "/labels", "", "{\"labels\": {\"hfjobs-x\": \"1\"}}",
                JSON));
        assertThat(status(refused)).isEqualTo(400);
        assertThat(body(refused).path("problems").findValuesAsText("field")).contains("labels.hfjobs-x");
    }

    @Test
    void hubRoutesServeTheStreamsAsServerSentEvents() {
        hub.metricsPeriod(Duration.ofMillis(200));
        String id = submitted();
        hub.setStage(id, JobStage.RUNNING, null);
        hub.appendLogs(id, "hello");

        JsonNode metrics = get("/api/jobs/alice/" + id + "/metrics", "");
        hub.setStage(id, JobStage.COMPLETED, null);
        JsonNode logs = get("/api/jobs/alice/" + id + "/logs", "");
        JsonNode finished = get("/api/jobs/alice/" + id + "/metrics", "");

        assertThat(logs.at("/headers/Content-Type").asText()).startsWith("text/event-stream");
        assertThat(logs.path("body").asText()).startsWith("data: {").contains("===== Job started").contains("hello");
        assertThat(metrics.path("body").asText()).contains("event: metric\ndata: {");
        assertThat(status(finished)).as("the Hub's answer for a finished job, which the client expects").isEqualTo(500);
    }
}
