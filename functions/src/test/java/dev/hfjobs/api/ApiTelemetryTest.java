package dev.hfjobs.api;

import static dev.hfjobs.api.ApiEvents.body;
import static dev.hfjobs.api.ApiEvents.post;
import static dev.hfjobs.api.ApiEvents.v2;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hfjobs.testing.Emitted;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What ApiFunction tells CloudWatch: metrics of its submissions and Hub calls, log lines that join up. */
class ApiTelemetryTest extends ApiHarness {
    static final String CALLER = "arn:aws:sts::123456789012:assumed-role/ml-pipeline/session";
    static final String JOB = "{\"image\": \"python:3.12\", \"command\": [\"python\", \"-c\", \"print(1)\"]}";

    JsonNode submit(String body, String key) {
        Map<String, String> headers = new HashMap<>(JSON);
        headers.put("idempotency-key", key);
        return invoke(post("/jobs", body, headers));
    }

    Emitted emitted() {
        return Emitted.from(stack.seen());
    }

    @Test
    void aSubmitsLinesShareItsRequestKeyAndCallerAndThenItsJob() {
        JsonNode answer = submit(JOB, "k-join");

        String jobId = body(answer).path("id").asText();
        JsonNode access = emitted().lines("http").getLast();
        assertThat(access.path("requestId").asText()).isEqualTo("Bz8mSh2XoAMEV0w=");
        assertThat(access.path("idempotencyKey").asText()).isEqualTo("api:" + CALLER + ":k-join");
        assertThat(access.path("jobId").asText()).isEqualTo(jobId);
        assertThat(access.path("namespace").asText()).isEqualTo("alice");
        assertThat(access.path("caller").asText()).isEqualTo(CALLER);
        assertThat(emitted().metrics().documents()).allSatisfy(metrics -> {
            assertThat(metrics.path("requestId").asText()).isEqualTo("Bz8mSh2XoAMEV0w=");
            assertThat(metrics.path("jobId").asText()).isEqualTo(jobId);
        });
    }

    @Test
    void aNewJobCountsOnceByItsSourceAndARepeatOfItsKeyNotAgain() {
        submit(JOB, "k-once");
        submit(JOB, "k-once");

        Emitted emitted = emitted();
        assertThat(emitted.sum("JobsSubmitted", Map.of("Source", "api"))).isEqualTo(1);
        assertThat(emitted.total("JobsSubmitted")).isEqualTo(1);
        assertThat(emitted.total("SubmissionsFailed")).isZero();
        assertThat(emitted.sum("HubCalls", Map.of("StatusClass", "2xx"))).isPositive();
    }

    @Test
    void aRequestThatCannotBecomeAJobCountsByItsReason() {
        submit("{not json", "k-bad");
        submit("{\"image\": \"python:3.12\"}", "k-invalid");

        Emitted emitted = emitted();
        assertThat(emitted.sum("SubmissionsFailed", Map.of("Reason", "malformed-json"))).isEqualTo(1);
        assertThat(emitted.sum("SubmissionsFailed", Map.of("Reason", "invalid-request"))).isEqualTo(1);
        assertThat(emitted.total("SubmissionsFailed")).isEqualTo(2);
        assertThat(emitted.total("JobsSubmitted")).isZero();
    }

    @Test
    void theHubRateLimitingASubmitCountsAsThrottledAndAsAFailureThatMayPass() {
        hub.failNext("POST", "^/api/jobs/alice$", 1, 429);

        JsonNode answer = submit(JOB, "k-429");

        assertThat(status(answer)).isEqualTo(429);
        Emitted emitted = emitted();
        assertThat(emitted.total("HubThrottled")).isEqualTo(1);
        assertThat(emitted.sum("HubErrors", Map.of("StatusClass", "4xx"))).isEqualTo(1);
        assertThat(emitted.sum("SubmissionsFailed", Map.of("Reason", "rate-limited"))).isEqualTo(1);
    }

    @Test
    void theHubsOwnPathCountsEachSubmissionOnce() {
        invoke(v2("POST", "/api/jobs/alice", "", HubRoutesTest.SPEC, JSON));
        invoke(v2("POST", "/api/jobs/alice", "", "{\"dockerImage\": 3}", JSON));

        Emitted emitted = emitted();
        assertThat(emitted.sum("JobsSubmitted", Map.of("Source", "api"))).isEqualTo(1);
        assertThat(emitted.total("SubmissionsFailed")).isEqualTo(1);
    }

    @Test
    void aReadCountsItsHubCallsAndNoSubmission() {
        invoke(v2("GET", "/hardware"));

        Emitted emitted = emitted();
        assertThat(emitted.total("HubCalls")).isPositive();
        assertThat(emitted.metrics().data()).extracting(d -> d.name()).doesNotContainAnyElementsOf(
                List.of("JobsSubmitted", "SubmissionsFailed"));
    }
}
