package dev.hfjobs.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.model.JobRequests;
import dev.hfjobs.model.Validated;
import dev.hfjobs.model.Wire;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;

/**
 * The harness, with the test playing the poller's part by hand: what a real moto_server execution does when a
 * waiting task's token is answered, beaten or left alone. These are also the facts the poller's callbacks rely on.
 */
class StepFunctionsTest {
    private static final Duration SOON = Duration.ofSeconds(10);
    /** A job's output as the poller will send it on COMPLETED. */
    private static final String JOB_OUTPUT = """
            {"jobId": "0123456789abcdef01234567", "namespace": "alice", "url": "https://huggingface.co/jobs/alice/0123456789abcdef01234567",
             "stage": "COMPLETED", "labels": {"step": "train"}, "createdAt": "2026-01-01T00:00:00Z",
             "startedAt": "2026-01-01T00:00:05Z", "finishedAt": "2026-01-01T00:01:05Z",
             "durations": {"schedulingSeconds": 5, "runningSeconds": 60}, "estimatedCostUSD": 0.0167}""";

    private static TestStack stack;
    private static StepFunctions sfn;
    private static String queue;

    @BeforeAll
    static void stack() {
        stack = TestStack.create();
        sfn = StepFunctions.on(stack.moto.endpoint());
        queue = sfn.submitQueueOf(stack);
    }

    @AfterAll
    static void close() {
        stack.close();
    }

    /** One task sending the project's submit request, token in the body, as the template's example pipeline. */
    private static String oneJob(String heartbeat) {
        return """
                {"StartAt": "Train", "States": {"Train": {
                  "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                  "Parameters": {"QueueUrl": "%s", "MessageBody": {
                    "image": "python:3.12", "command.$": "$.command", "flavor": "cpu-basic", "timeout": "10m",
                    "labels": {"step": "train"}, "taskToken.$": "$$.Task.Token"}},
                  %s "TimeoutSeconds": 600, "End": true}}}""".formatted(queue, heartbeat);
    }

    @Test
    void aTaskAnsweredWithSuccessEndsTheExecutionSucceededWithThatOutput() {
        try (StepFunctions.Run run = sfn.start(oneJob("\"HeartbeatSeconds\": 300,"), "{\"command\": [\"python\", \"train.py\"]}")) {
            StepFunctions.TaskRequest request = run.nextTaskRequest(queue, SOON);
            ObjectNode submit = ((ObjectNode) request.body()).deepCopy();
            submit.remove("taskToken");

            sfn.client().sendTaskSuccess(b -> b.taskToken(request.taskToken()).output(JOB_OUTPUT));
            StepFunctions.Outcome outcome = run.await(SOON);

            assertThat(request.taskToken()).isNotBlank();
            assertThat(run.tokens()).containsExactly(request.taskToken());
            assertThat(submit.path("command").toString()).isEqualTo("[\"python\",\"train.py\"]");
            assertThat(JobRequests.parseSubmit(submit, Set.of())).isInstanceOf(Validated.Valid.class);
            assertThat(outcome).isEqualTo(new StepFunctions.Outcome.Succeeded(Wire.parse(JOB_OUTPUT)));
            // What the poller sees when it answers a token twice, or beats one whose execution ended.
            assertThatThrownBy(() -> sfn.client().sendTaskSuccess(b -> b.taskToken(request.taskToken()).output("{}")))
                    .isInstanceOf(InvalidTokenException.class);
            assertThatThrownBy(() -> sfn.client().sendTaskHeartbeat(b -> b.taskToken(request.taskToken())))
                    .isInstanceOf(InvalidTokenException.class);
        }
    }

    @Test
    void aTaskAnsweredWithFailureEndsTheExecutionFailedWithThatErrorAndCause() {
        String cause = "Job failed with exit code: 1\n...\nRuntimeError: CUDA out of memory";
        try (StepFunctions.Run run = sfn.start(oneJob("\"HeartbeatSeconds\": 300,"), "{\"command\": [\"python\"]}")) {
            StepFunctions.TaskRequest request = run.nextTaskRequest(queue, SOON);

            sfn.client().sendTaskFailure(b -> b.taskToken(request.taskToken()).error("HFJob.ERROR").cause(cause));
            StepFunctions.Outcome outcome = run.await(SOON);

            assertThat(outcome).isEqualTo(new StepFunctions.Outcome.Failed("FAILED", "HFJob.ERROR", Optional.of(cause)));
            // moto drops the cause: only the recorded SendTaskFailure has it.
            assertThat(run.describe().cause()).isNull();
            assertThat(run.taskFailures()).containsExactly(
                    new StepFunctions.TaskFailure(request.taskToken(), "HFJob.ERROR", Optional.of(cause)));
        }
    }

    @Test
    void heartbeatsKeepATaskAliveBeyondItsHeartbeatSeconds() throws InterruptedException {
        try (StepFunctions.Run run = sfn.start(oneJob("\"HeartbeatSeconds\": 2,"), "{\"command\": [\"sleep\"]}")) {
            StepFunctions.TaskRequest request = run.nextTaskRequest(queue, SOON);
            for (int beat = 0; beat < 5; beat++) {
                sfn.client().sendTaskHeartbeat(b -> b.taskToken(request.taskToken()));
                Thread.sleep(1_000);
            }
            String aliveAfterFiveSeconds = run.describe().statusAsString();

            sfn.client().sendTaskSuccess(b -> b.taskToken(request.taskToken()).output(JOB_OUTPUT));

            assertThat(aliveAfterFiveSeconds).isEqualTo("RUNNING");
            assertThat(run.await(SOON)).isInstanceOf(StepFunctions.Outcome.Succeeded.class);
        }
    }

    @Test
    void withoutHeartbeatsATaskFailsWithStatesTimeoutAfterItsHeartbeatSeconds() {
        try (StepFunctions.Run run = sfn.start(oneJob("\"HeartbeatSeconds\": 1,"), "{\"command\": [\"sleep\"]}")) {
            StepFunctions.TaskRequest request = run.nextTaskRequest(queue, SOON);
            long start = System.nanoTime();

            StepFunctions.Outcome outcome = run.await(SOON);

            // AWS names it States.HeartbeatTimeout; moto 5.2.1 says States.Timeout, as for TimeoutSeconds.
            assertThat(outcome).isEqualTo(new StepFunctions.Outcome.Failed("FAILED", "States.Timeout", Optional.empty()));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            // moto never answers TaskTimedOut: a timed-out task's token is simply unknown once the execution ended.
            assertThatThrownBy(() -> sfn.client().sendTaskSuccess(b -> b.taskToken(request.taskToken()).output("{}")))
                    .isInstanceOf(InvalidTokenException.class);
        }
    }

    @Test
    void aHeartbeatForATaskWithoutHeartbeatSecondsIsAnInvalidTokenOnMotoYetTheTaskStillWaits() {
        try (StepFunctions.Run run = sfn.start(oneJob(""), "{\"command\": [\"sleep\"]}")) {
            StepFunctions.TaskRequest request = run.nextTaskRequest(queue, SOON);

            // AWS accepts a heartbeat for any waiting task; moto only for one with HeartbeatSeconds.
            assertThatThrownBy(() -> sfn.client().sendTaskHeartbeat(b -> b.taskToken(request.taskToken())))
                    .isInstanceOf(InvalidTokenException.class);
            sfn.client().sendTaskSuccess(b -> b.taskToken(request.taskToken()).output(JOB_OUTPUT));

            assertThat(run.await(SOON)).isInstanceOf(StepFunctions.Outcome.Succeeded.class);
        }
    }

    @Test
    void theTokenMayTravelAsAMessageAttribute() {
        String asl = """
                {"StartAt": "Train", "States": {"Train": {
                  "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                  "Parameters": {"QueueUrl": "%s",
                    "MessageBody": {"image": "python:3.12", "command": ["python", "train.py"]},
                    "MessageAttributes": {"taskToken": {"DataType": "String", "StringValue.$": "$$.Task.Token"}}},
                  "HeartbeatSeconds": 300, "End": true}}}""".formatted(queue);
        try (StepFunctions.Run run = sfn.start(asl, "{}")) {
            StepFunctions.TaskRequest request = run.nextTaskRequest(queue, SOON);

            sfn.client().sendTaskSuccess(b -> b.taskToken(request.taskToken()).output(JOB_OUTPUT));

            assertThat(request.body().has("taskToken")).isFalse();
            assertThat(request.taskToken()).isNotBlank();
            assertThat(run.tokens()).containsExactly(request.taskToken());
            assertThat(run.await(SOON)).isInstanceOf(StepFunctions.Outcome.Succeeded.class);
        }
    }

    @Test
    void twoCasesRunAsParallelBranchesOfOneExecution() {
        String asl = """
                {"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true, "Branches": [
                  {"StartAt": "Completes", "States": {"Completes": %s}},
                  {"StartAt": "Fails", "States": {"Fails": %s, "Failed": {"Type": "Pass", "End": true}}}]}}}"""
                .formatted(task("completes", ""), task("fails", """
                        , "Catch": [{"ErrorEquals": ["HFJob.ERROR"], "ResultPath": "$.failure", "Next": "Failed"}]"""));
        try (StepFunctions.Run run = sfn.start(asl, "{}")) {
            List<StepFunctions.TaskRequest> requests = run.taskRequests(queue, 2, SOON);
            StepFunctions.TaskRequest completes = byCase(requests, "completes");
            StepFunctions.TaskRequest fails = byCase(requests, "fails");

            sfn.client().sendTaskFailure(b -> b.taskToken(fails.taskToken()).error("HFJob.ERROR").cause("boom"));
            sfn.client().sendTaskSuccess(b -> b.taskToken(completes.taskToken()).output(JOB_OUTPUT));
            StepFunctions.Outcome outcome = run.await(SOON);

            assertThat(outcome).isInstanceOfSatisfying(StepFunctions.Outcome.Succeeded.class, succeeded -> {
                assertThat(succeeded.output().get(0)).isEqualTo(Wire.parse(JOB_OUTPUT));
                // A Catch sees the error; moto leaves the cause null there too.
                assertThat(succeeded.output().get(1).path("failure").toString())
                        .isEqualTo("{\"Error\":\"HFJob.ERROR\",\"Cause\":null}");
            });
            assertThat(run.tokens()).containsExactlyInAnyOrder(completes.taskToken(), fails.taskToken());
            assertThat(run.taskFailures()).singleElement()
                    .isEqualTo(new StepFunctions.TaskFailure(fails.taskToken(), "HFJob.ERROR", Optional.of("boom")));
        }
    }

    @Test
    void anotherStateMachineThatRanAnExecutionBlocksTheNextStartAndIsNamed() {
        String pass = "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}";
        String other = sfn.client().createStateMachine(b -> b.name("someone-elses").definition(pass)
                .roleArn("arn:aws:iam::123456789012:role/x")).stateMachineArn();
        try {
            sfn.client().startExecution(b -> b.stateMachineArn(other).name("done").input("{}"));

            // Even once that execution has ended: moto 5.2.1 cannot copy it into the next one's StartExecution.
            assertThatThrownBy(() -> sfn.start(pass, "{}")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("moto refused the execution (500)").hasMessageContaining("someone-elses");
        } finally {
            sfn.client().deleteStateMachine(b -> b.stateMachineArn(other));
        }
        try (StepFunctions.Run run = sfn.start(pass, "{}")) {
            assertThat(run.await(SOON)).isInstanceOf(StepFunctions.Outcome.Succeeded.class);
        }
    }

    private static String task(String label, String more) {
        return """
                {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                 "Parameters": {"QueueUrl": "%s", "MessageBody": {"image": "python:3.12", "command": ["true"],
                   "labels": {"case": "%s"}, "taskToken.$": "$$.Task.Token"}},
                 "HeartbeatSeconds": 300, "End": true %s}""".formatted(queue, label, more);
    }

    private static StepFunctions.TaskRequest byCase(List<StepFunctions.TaskRequest> requests, String label) {
        return requests.stream().filter(r -> r.body().at("/labels/case").asText().equals(label)).findFirst()
                .orElseThrow(() -> new AssertionError("no request labelled case=" + label + " in " + requests));
    }
}
