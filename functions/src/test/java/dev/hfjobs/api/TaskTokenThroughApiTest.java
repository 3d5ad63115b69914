package dev.hfjobs.api;

import static dev.hfjobs.api.ApiEvents.body;
import static dev.hfjobs.api.ApiEvents.post;
import static dev.hfjobs.testing.Deadlines.soon;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.model.Wire;
import dev.hfjobs.ports.TaskCallbacks.Result;
import dev.hfjobs.testing.ScriptedCallbacks;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /jobs} with a Step Functions task token in the body. */
class TaskTokenThroughApiTest extends ApiHarness {
    ScriptedCallbacks callbacks;
    final String token = "AQCEAAAAKgAAAAMAAAAAAAAAA" + UUID.randomUUID().toString().replace("-", "");

    @BeforeEach
    void withCallbacks() {
        callbacks = ScriptedCallbacks.delivering();
        function = new ApiFunction(() -> stack.wiring().withCallbacks(callbacks));
    }

    JsonNode submit(String body, String key) {
        ObjectNode json = (ObjectNode) Wire.parse(body);
        json.put("taskToken", token);
        Map<String, String> headers = new HashMap<>(JSON);
        headers.put("idempotency-key", key);
        JsonNode answer = invoke(post("/jobs", Wire.write(json), headers));
        assertThat(Wire.write(answer)).doesNotContain(token);
        assertThat(hub.requests()).noneMatch(r -> String.valueOf(r.body()).contains(token));
        return answer;
    }

    @Test
    void tokenInTheBodyIsKeptWithTheJobAndNotAnswered() {
        JsonNode answer = submit(ApiFunctionTest.JOB, "with-token");

        assertThat(status(answer)).isEqualTo(201);
        String jobId = body(answer).path("id").asText();
        assertThat(stack.jobs().find(jobId, soon()).orElseThrow().task().token()).isEqualTo(token);
        assertThat(stack.seen()).noneMatch(line -> line.contains(token));
    }

    @Test
    void invalidRequestAnswers400AndFailsTheTaskAtOnce() {
        JsonNode answer = submit("{\"image\": \"python:3.12\", \"command\": []}", "invalid");

        assertThat(status(answer)).isEqualTo(400);
        assertThat(callbacks.calls()).singleElement().satisfies(call -> {
            assertThat(call.error()).isEqualTo("HFJob.SubmissionFailed");
            assertThat(Wire.parse(call.cause()).at("/problems/0/field").asText()).isEqualTo("command");
        });
    }

    @Test
    void requestOverTheCostGuardFailsTheTask() {
        stack.env.put("MAX_JOB_COST_USD", "1.50");
        function = new ApiFunction(() -> stack.wiring().withCallbacks(callbacks));

        JsonNode answer = submit(ApiFunctionTest.JOB.replace("30m", "2h"), "expensive");

        assertThat(status(answer)).isEqualTo(422);
        assertThat(callbacks.calls("failure")).singleElement().satisfies(call -> assertThat(call.cause())
                .contains("MAX_JOB_COST_USD"));
    }

    @Test
    void failureCallbackStepFunctionsCannotTakeAnswers503SoTheCallerRetries() {
        callbacks.thenAnswer(new Result.Retry("ThrottlingException"));

        JsonNode answer = submit("{\"image\": \"python:3.12\"}", "later");

        assertThat(status(answer)).isEqualTo(503);
        assertThat(answer.at("/headers/Retry-After").asText()).isNotEmpty();
    }
}
