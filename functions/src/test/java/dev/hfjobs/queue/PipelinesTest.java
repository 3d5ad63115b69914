package dev.hfjobs.queue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.Deadline;
import dev.hfjobs.emulator.HfJobsEmulator;
import dev.hfjobs.model.Wire;
import dev.hfjobs.poller.PollReport;
import dev.hfjobs.poller.PollerSettings;
import dev.hfjobs.poller.StatusPoller;
import dev.hfjobs.testing.StepFunctions;
import dev.hfjobs.testing.TestStack;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Pipelines end to end, in process: a real execution on moto sends a job request with its task
 * token to the stack's submit queue, the queue function submits it, the emulator runs the job, the
 * poller (with the real Step Functions callbacks) answers the token.
 */
class PipelinesTest {
    static final Duration SOON = Duration.ofSeconds(15);

    TestStack stack;
    HfJobsEmulator hub;
    StepFunctions sfn;
    String queue;
    QueueSubmitFunction queueFunction;
    StatusPoller poller;

    @BeforeEach
    void setUp() {
        stack = TestStack.create();
        hub = TestStack.hub();
        sfn = StepFunctions.on(stack.moto.endpoint());
        queue = sfn.submitQueueOf(stack);
        queueFunction = new QueueSubmitFunction(stack::wiring);
        poller = StatusPoller.of(stack.wiring(), new PollerSettings(Duration.ofDays(7), null, null));
    }

    @AfterEach
    void tearDown() {
        stack.assertNoSecretLeaked();
        stack.close();
    }

    /** One task waiting for one job; {@code extra} adds to the message body (e.g. a bad field). */
    String oneJob(int heartbeatSeconds, String extra) {
        return """
                {"StartAt": "Job", "States": {"Job": {"Type": "Task",
                  "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                  "Parameters": {"QueueUrl": "%s", "MessageBody": {"image": "python:3.12",
                    "command.$": "$.command", %s "taskToken.$": "$$.Task.Token"}},
                  "HeartbeatSeconds": %d, "TimeoutSeconds": 300, "End": true}}}"""
                .formatted(queue, extra, heartbeatSeconds);
    }

    /** Hands the task's message to the queue function as SQS would (a batch of one). */
    void deliver(Message message) {
        ObjectNode event = Wire.mapper().createObjectNode();
        ArrayNode records = event.putArray("Records");
        ObjectNode record = records.addObject();
        record.put("messageId", message.messageId()).put("receiptHandle", message.receiptHandle())
                .put("body", message.body()).put("eventSource", "aws:sqs").put("awsRegion", "us-east-1")
                .put("eventSourceARN", "arn:aws:sqs:us-east-1:123456789012:submit");
        record.putObject("attributes").put("SenderId", "AROAEXAMPLE:states");
        ObjectNode attributes = record.putObject("messageAttributes");
        message.messageAttributes().forEach((name, value) -> attributes.set(name, attribute(value)));
        assertThat(QueueSubmitFunctionTest.failures(queueFunction, stack, event)).isEmpty();
    }

    static JsonNode attribute(MessageAttributeValue value) {
        return Wire.mapper().createObjectNode().put("stringValue", value.stringValue())
                .put("dataType", value.dataType());
    }

    PollReport poll() {
        return stack.saw(poller.run(Deadline.after(Duration.ofSeconds(30))));
    }

    String onlyJobId() {
        return hub.jobs().getLast().id();
    }

    @Test
    void executionSucceedsWithTheJobOnceTheJobCompletes() {
        try (StepFunctions.Run run = sfn.start(oneJob(60, ""), "{\"command\": [\"python\", \"train.py\"]}")) {
            deliver(run.nextTaskRequest(queue, SOON).message());
            String jobId = onlyJobId();
            hub.setStage(jobId, "RUNNING", null);
            poll();
            assertThat(run.describe().statusAsString()).isEqualTo("RUNNING");

            hub.setStage(jobId, "COMPLETED", null);
            poll();

            StepFunctions.Outcome outcome = run.await(SOON);
            assertThat(outcome).isInstanceOf(StepFunctions.Outcome.Succeeded.class);
            JsonNode output = ((StepFunctions.Outcome.Succeeded) outcome).output();
            assertThat(output.path("jobId").asText()).isEqualTo(jobId);
            assertThat(output.path("stage").asText()).isEqualTo("COMPLETED");
            // The fields issue 13 names, in its order.
            assertThat(output.properties()).extracting(Map.Entry::getKey).containsExactly("jobId", "namespace",
                    "url", "stage", "labels", "createdAt", "startedAt", "finishedAt", "durations", "estimatedCostUSD");
        }
    }

    @Test
    void executionFailsWithTheJobsErrorAndItsLastLogLine() {
        try (StepFunctions.Run run = sfn.start(oneJob(60, ""), "{\"command\": [\"python\", \"train.py\"]}")) {
            deliver(run.nextTaskRequest(queue, SOON).message());
            hub.failJob(onlyJobId(), "Job failed with exit code: 1", "Traceback (most recent call last):",
                    "ValueError: learning rate must be positive");
            poll();

            StepFunctions.Outcome outcome = run.await(SOON);
            assertThat(outcome).isInstanceOfSatisfying(StepFunctions.Outcome.Failed.class, failed -> {
                assertThat(failed.error()).isEqualTo("HFJob.ERROR");
                assertThat(failed.cause()).hasValueSatisfying(cause -> assertThat(cause)
                        .contains("Job failed with exit code: 1", "ValueError: learning rate must be positive"));
            });
        }
    }

    @Test
    void invalidRequestFailsTheExecutionRightAfterTheQueueFunctionRan() {
        try (StepFunctions.Run run = sfn.start(oneJob(60, "\"timout\": \"1h\","), "{\"command\": []}")) {
            deliver(run.nextTaskRequest(queue, SOON).message());

            StepFunctions.Outcome outcome = run.await(SOON);
            assertThat(outcome).isInstanceOfSatisfying(StepFunctions.Outcome.Failed.class, failed -> {
                assertThat(failed.error()).isEqualTo("HFJob.SubmissionFailed");
                assertThat(failed.cause()).hasValueSatisfying(cause -> assertThat(cause).contains("timout",
                        "command"));
            });
            assertThat(hub.createdJobCount()).isZero();
            assertThat(stack.deadLetters()).hasSize(1);
        }
    }

    @Test
    void heartbeatsKeepATaskAliveWhileItsJobRunsLongerThanHeartbeatSeconds() throws InterruptedException {
        try (StepFunctions.Run run = sfn.start(oneJob(2, ""), "{\"command\": [\"sleep\", \"5\"]}")) {
            deliver(run.nextTaskRequest(queue, SOON).message());
            String jobId = onlyJobId();
            hub.setStage(jobId, "RUNNING", null);
            // Five seconds of RUNNING, a poller run every second: longer than HeartbeatSeconds 2.
            for (int i = 0; i < 5; i++) {
                poll();
                Thread.sleep(1000);
            }
            assertThat(run.describe().statusAsString()).isEqualTo("RUNNING");

            hub.setStage(jobId, "COMPLETED", null);
            poll();

            assertThat(run.await(SOON)).isInstanceOf(StepFunctions.Outcome.Succeeded.class);
        }
    }
}
