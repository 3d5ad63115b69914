package dev.hfjobs.queue;

import static dev.hfjobs.queue.QueueSubmitFunctionTest.GOOD;
import static dev.hfjobs.queue.QueueSubmitFunctionTest.batch;
import static dev.hfjobs.testing.Deadlines.soon;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.emulator.HfJobsEmulator;
import dev.hfjobs.model.Wire;
import dev.hfjobs.ports.DeadLetterQueue;
import dev.hfjobs.ports.TaskCallbacks.Result;
import dev.hfjobs.store.JobRecord;
import dev.hfjobs.testing.ScriptedCallbacks;
import dev.hfjobs.testing.TestStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Step Functions task tokens on the submit queue ({@code sqs:sendMessage.waitForTaskToken}): kept
 * with the job, never sent to the Hub nor published; a request that can never become a job fails
 * its task at once.
 */
class TaskTokensThroughQueueTest {
    TestStack stack;
    HfJobsEmulator hub;
    ScriptedCallbacks callbacks;
    QueueSubmitFunction function;
    final List<String> tokens = new ArrayList<>();

    @BeforeEach
    void setUp() {
        stack = TestStack.create();
        hub = TestStack.hub();
        callbacks = ScriptedCallbacks.delivering();
        function = new QueueSubmitFunction(() -> stack.wiring().withCallbacks(callbacks));
    }

    @AfterEach
    void noLeak() {
        stack.assertNoSecretLeaked();
        for (String token : tokens) {
            assertThat(stack.seen()).noneMatch(line -> line.contains(token));
            assertThat(hub.requests()).noneMatch(r -> String.valueOf(r.body()).contains(token)
                    || r.path().contains(token) || String.valueOf(r.query()).contains(token));
        }
        stack.close();
    }

    String token() {
        String token = "AQCEAAAAKgAAAAMAAAAAAAAAA" + UUID.randomUUID().toString().replace("-", "") + "/+=";
        tokens.add(token);
        return token;
    }

    static ObjectNode withTokenAttribute(ObjectNode event, String token) {
        ((ObjectNode) event.path("Records").get(0)).putObject("messageAttributes").putObject("taskToken")
                .put("stringValue", token).put("dataType", "String");
        return event;
    }

    static String withTokenField(String body, String token) {
        ObjectNode json = (ObjectNode) Wire.parse(body);
        json.put("taskToken", token);
        return Wire.write(json);
    }

    Set<String> failures(JsonNode event) {
        return QueueSubmitFunctionTest.failures(function, stack, event);
    }

    JobRecord onlyRecord() {
        String jobId = hub.jobs().getLast().id();
        return stack.jobs().find(jobId, soon()).orElseThrow();
    }

    @Test
    void tokenAttributeIsKeptWithTheJobAndNeverLeavesForTheHubOrTheBus() {
        String token = token();

        assertThat(failures(withTokenAttribute(batch("w-1", GOOD), token))).isEmpty();

        assertThat(hub.createdJobCount()).isEqualTo(1);
        assertThat(onlyRecord().task().token()).isEqualTo(token);
        assertThat(onlyRecord().task().done()).isFalse();
        stack.events(1, Duration.ofSeconds(10));
        assertThat(callbacks.calls()).isEmpty();
    }

    @Test
    void tokenBodyFieldIsKeptWithTheJobAndLeftOutOfTheHubRequest() {
        String token = token();

        assertThat(failures(batch("w-2", withTokenField(GOOD, token)))).isEmpty();

        assertThat(hub.createdJobCount()).isEqualTo(1);
        assertThat(onlyRecord().task().token()).isEqualTo(token);
        JsonNode event = stack.events(1, Duration.ofSeconds(10)).getFirst();
        assertThat(event.at("/detail/taskToken").asText()).startsWith("sha256:");
    }

    @Test
    void invalidRequestFailsItsTaskAtOnceAndIsSetAside() {
        String token = token();

        assertThat(failures(withTokenAttribute(batch("bad", "{\"image\": \"\", \"timeout\": \"soon\"}"), token)))
                .isEmpty();

        assertThat(callbacks.calls()).singleElement().satisfies(call -> {
            assertThat(call.kind()).isEqualTo("failure");
            assertThat(call.token()).isEqualTo(token);
            assertThat(call.error()).isEqualTo("HFJob.SubmissionFailed");
            JsonNode cause = Wire.parse(call.cause());
            assertThat(cause.path("reason").asText()).isEqualTo("invalid-request");
            List<String> fields = new ArrayList<>();
            cause.path("problems").forEach(p -> fields.add(p.path("field").asText()));
            assertThat(fields).contains("image", "command", "timeout");
        });
        assertThat(stack.deadLetters()).singleElement().satisfies(m -> assertThat(TestStack.attribute(m,
                DeadLetterQueue.REASON)).isEqualTo("invalid-request"));
        assertThat(hub.createdJobCount()).isZero();
    }

    @Test
    void requestTheHubRefusesFailsItsTaskWithTheHubStatus() {
        String token = token();
        String forbidden = GOOD.replace("{\"image\"", "{\"namespace\": \"not-mine\", \"image\"");

        assertThat(failures(batch("refused", withTokenField(forbidden, token)))).isEmpty();

        assertThat(callbacks.calls("failure")).singleElement().satisfies(call -> {
            assertThat(call.error()).isEqualTo("HFJob.SubmissionFailed");
            assertThat(Wire.parse(call.cause()).path("hubStatus").asInt()).isEqualTo(403);
        });
    }

    @Test
    void failureCallbackStepFunctionsCannotTakeRetriesTheMessageInsteadOfSettingItAside() {
        String token = token();
        ObjectNode event = withTokenAttribute(batch("later", "{}"), token);
        callbacks.thenAnswer(new Result.Retry("ThrottlingException"));

        assertThat(failures(event)).containsExactly("later");
        assertThat(stack.deadLetters()).isEmpty();

        assertThat(failures(event)).isEmpty();
        assertThat(stack.deadLetters()).hasSize(1);
        assertThat(callbacks.calls("failure")).hasSize(2);
    }

    @Test
    void tokenBreakingTheRuleIsAProblemOfTheRequestAndNeverCalledBack() {
        String tooLong = "A".repeat(2049);

        assertThat(failures(withTokenAttribute(batch("long", GOOD), tooLong))).isEmpty();
        assertThat(failures(batch("spaced", withTokenField(GOOD, "has a space")))).isEmpty();

        assertThat(hub.createdJobCount()).isZero();
        assertThat(callbacks.calls()).isEmpty();
        assertThat(stack.deadLetters()).hasSize(2).allSatisfy(m -> assertThat(TestStack.attribute(m,
                DeadLetterQueue.PROBLEMS)).contains("taskToken"));
    }

    @Test
    void redeliveredRequestWithANewTokenIsOneJobWaitedOnByTheNewTask() {
        String first = token();
        String second = token();
        ObjectNode once = withTokenAttribute(batch("r-1", GOOD), first);
        ObjectNode again = withTokenAttribute(batch("r-2", GOOD), second);
        for (ObjectNode event : List.of(once, again)) {
            ((ObjectNode) event.path("Records").get(0).path("messageAttributes")).putObject("idempotencyKey")
                    .put("stringValue", "train-run-7").put("dataType", "String");
        }

        assertThat(failures(once)).isEmpty();
        assertThat(failures(again)).isEmpty();

        assertThat(hub.createdJobCount()).isEqualTo(1);
        assertThat(onlyRecord().task().token()).isEqualTo(second);
    }
}
