package dev.hfjobs.poller;

import static dev.hfjobs.testing.Deadlines.soon;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hfjobs.Deadline;
import dev.hfjobs.emulator.Deletion;
import dev.hfjobs.emulator.HfJobsEmulator;
import dev.hfjobs.model.JobInfo;
import dev.hfjobs.model.Wire;
import dev.hfjobs.ports.TaskCallbacks.Result;
import dev.hfjobs.store.JobRecord;
import dev.hfjobs.store.TaskLink;
import dev.hfjobs.submit.Source;
import dev.hfjobs.submit.Tracking;
import dev.hfjobs.testing.FlakyPublisher;
import dev.hfjobs.testing.ScriptedCallbacks;
import dev.hfjobs.testing.TestStack;
import dev.hfjobs.wiring.Wiring;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;

/**
 * The poller and the Step Functions tasks that wait for jobs: heartbeats while a job lives, one
 * final callback when it ends, kept and sent again when Step Functions cannot take it; and the logs
 * of finished jobs, in the ERROR event's tail and copied to CloudWatch Logs (moto).
 */
class WaitingTasksTest {
    TestStack stack;
    HfJobsEmulator hub;
    ScriptedCallbacks callbacks;
    Wiring wiring;
    String logGroup;

    @BeforeEach
    void setUp() {
        stack = TestStack.create();
        hub = TestStack.hub();
        logGroup = "/hf-jobs/test-" + UUID.randomUUID();
        stack.moto.aws().logs().createLogGroup(b -> b.logGroupName(logGroup));
        stack.env.put("JOB_LOG_GROUP", logGroup);
        callbacks = ScriptedCallbacks.delivering();
        wiring = stack.wiring().withCallbacks(callbacks);
    }

    @AfterEach
    void noLeak() {
        stack.assertNoSecretLeaked();
        // The task tokens are secrets of the pipeline: never whole in a log line, an answer or an event.
        callbacks.calls().forEach(call -> assertThat(stack.seen()).noneMatch(line -> line.contains(call.token())));
        stack.close();
    }

    PollReport poll() {
        return stack.saw(StatusPoller.of(wiring, new PollerSettings(Duration.ofDays(7), null, null))
                .run(Deadline.after(Duration.ofSeconds(60))));
    }

    static String token() {
        // Shaped like Step Functions' tokens: long, opaque.
        return "AQC" + UUID.randomUUID().toString().replace("-", "") + "x".repeat(200);
    }

    /** A job started as the submit path starts one, and its record with a waiting task. */
    JobInfo track(String namespace, String token) {
        String trackingId = Tracking.newId();
        JobInfo job = wiring.hub().createJob(namespace, StatusPollerTest.SPEC.withLabels(Map.of(Tracking.MANAGED_LABEL,
                "true", Tracking.TRACKING_LABEL, trackingId, Tracking.SOURCE_LABEL, "sqs")), soon()).orThrow();
        wiring.jobs().put(new JobRecord(job.id(), namespace, job.stage().value(), job.flavor(), job.labels(),
                job.createdAt(), Source.SQS.label(), "test", "key-" + job.id(), job.url(hub.endpoint(), namespace)
                .toString(), trackingId, Instant.now(), null, 0, null, TaskLink.waiting(token)), soon());
        return job;
    }

    TaskLink taskOf(String jobId) {
        return wiring.jobs().find(jobId, soon()).orElseThrow().task();
    }

    /** The whole stream, page by page (a call gives at most 10,000 events). */
    List<String> copiedLines(String stream) {
        List<String> lines = new ArrayList<>();
        String next = null;
        while (true) {
            String from = next;
            GetLogEventsResponse page = stack.moto.aws().logs().getLogEvents(b -> b.logGroupName(logGroup)
                    .logStreamName(stream).startFromHead(true).nextToken(from));
            page.events().stream().map(OutputLogEvent::message).forEach(lines::add);
            if (page.events().isEmpty() || page.nextForwardToken().equals(from)) {
                return lines;
            }
            next = page.nextForwardToken();
        }
    }

    @Test
    void liveJobGetsAHeartbeatEachRunThenOneSuccessWithItsOutput() {
        String token = token();
        JobInfo job = track("alice", token);
        hub.setStage(job.id(), "RUNNING", null);

        poll();
        poll();
        assertThat(callbacks.calls("heartbeat")).hasSize(2).allMatch(c -> c.token().equals(token));

        hub.setStage(job.id(), "COMPLETED", null);
        PollReport done = poll();

        assertThat(done.callbacks()).isEqualTo(1);
        assertThat(callbacks.calls("success")).singleElement().satisfies(call -> {
            JsonNode output = Wire.parse(call.output());
            assertThat(output.properties()).extracting(Map.Entry::getKey).containsExactlyElementsOf(
                    TaskFollowUps.OUTPUT_FIELDS);
            assertThat(output.path("jobId").asText()).isEqualTo(job.id());
            assertThat(output.path("namespace").asText()).isEqualTo("alice");
            assertThat(output.path("stage").asText()).isEqualTo("COMPLETED");
            assertThat(output.path("url").asText()).endsWith("/jobs/alice/" + job.id());
            assertThat(output.path("labels").path(Tracking.MANAGED_LABEL).asText()).isEqualTo("true");
            assertThat(output.path("finishedAt").asText()).isNotEmpty();
        });
        assertThat(taskOf(job.id()).done()).isTrue();

        // Settled: the job is no longer tracked, and nothing is sent again.
        PollReport after = poll();
        assertThat(after.tracked()).isZero();
        assertThat(callbacks.calls()).hasSize(3);
    }

    @Test
    void failedJobFailsItsTaskWithTheHubMessageAndTheLastLogLines() {
        String token = token();
        JobInfo job = track("alice", token);
        hub.failJob(job.id(), "Job failed with exit code: 1", "epoch 1 loss=0.9",
                "Traceback (most recent call last):", "RuntimeError: CUDA out of memory");

        PollReport report = poll();

        assertThat(report.callbacks()).isEqualTo(1);
        ScriptedCallbacks.Call failure = callbacks.calls("failure").getFirst();
        assertThat(failure.error()).isEqualTo("HFJob.ERROR");
        JsonNode cause = Wire.parse(failure.cause());
        assertThat(cause.path("message").asText()).isEqualTo("Job failed with exit code: 1");
        assertThat(cause.path("jobId").asText()).isEqualTo(job.id());
        assertThat(cause.path("logsTail").toString()).contains("RuntimeError: CUDA out of memory");

        JsonNode event = stack.events(1, Duration.ofSeconds(10)).getFirst().path("detail");
        assertThat(event.path("stage").asText()).isEqualTo("ERROR");
        List<String> tail = new ArrayList<>();
        event.path("logsTail").forEach(l -> tail.add(l.asText()));
        assertThat(tail).contains("Traceback (most recent call last):", "RuntimeError: CUDA out of memory");
        assertThat(event.path("logGroupName").asText()).isEqualTo(logGroup);
        assertThat(event.path("logStreamName").asText()).isEqualTo("alice/" + job.id());
        assertThat(copiedLines("alice/" + job.id())).containsSubsequence("epoch 1 loss=0.9",
                "RuntimeError: CUDA out of memory").last().asString().startsWith("===== hf-jobs-serverless:");
    }

    @Test
    void canceledAndDeletedJobsFailTheirTasksWithTheirStage() {
        JobInfo canceled = track("alice", token());
        JobInfo removed = track("alice", token());
        hub.setStage(canceled.id(), "CANCELED", null);
        hub.deleteJob(removed.id(), Deletion.REMOVE);

        int callsBefore = hub.requests().size();
        PollReport report = poll();

        assertThat(report.callbacks()).isEqualTo(2);
        assertThat(callbacks.calls("failure")).extracting(ScriptedCallbacks.Call::error)
                .containsExactlyInAnyOrder("HFJob.CANCELED", "HFJob.DELETED");
        // One listing, two inspections, one log read for the canceled job (the removed one has none).
        assertThat(report.hubCalls()).isEqualTo(1 + 2 + 1);
        assertThat(hub.requests().size() - callsBefore).isGreaterThanOrEqualTo(report.hubCalls());
    }

    @Test
    void finalCallbackStepFunctionsCannotTakeIsSentAgainNextRunAndOnlyOnce() {
        String token = token();
        JobInfo job = track("alice", token);
        hub.setStage(job.id(), "COMPLETED", null);
        callbacks.thenAnswer(new Result.Retry("ThrottlingException"));

        PollReport first = poll();
        assertThat(first.callbacks()).isZero();
        assertThat(taskOf(job.id()).pending()).contains("\"output\"");
        assertThat(stack.events(1, Duration.ofSeconds(10))).hasSize(1);

        hub.clearRequests();
        PollReport second = poll();
        assertThat(second.callbacks()).isEqualTo(1);
        // The job ended: the retry needs nothing from the Hub.
        assertThat(second.hubCalls()).isZero();
        assertThat(hub.requests()).noneMatch(r -> r.path().contains(job.id()));
        assertThat(callbacks.calls("success")).hasSize(2).extracting(ScriptedCallbacks.Call::output).allMatch(
                callbacks.calls("success").getFirst().output()::equals);

        poll();
        assertThat(callbacks.calls("success")).hasSize(2);
        assertThat(taskOf(job.id()).done()).isTrue();
        // The state change went out once: nothing more after the first.
        assertThat(stack.events(1, Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void taskThatTimedOutGetsNoMoreCallbacks() {
        JobInfo job = track("alice", token());
        hub.setStage(job.id(), "RUNNING", null);
        callbacks.thenAnswer(new Result.Ended("TaskTimedOut"));

        poll();
        assertThat(taskOf(job.id()).done()).isTrue();
        hub.setStage(job.id(), "COMPLETED", null);
        PollReport after = poll();

        assertThat(after.changes()).isEqualTo(1);
        assertThat(callbacks.calls()).extracting(ScriptedCallbacks.Call::kind).containsExactly("heartbeat");
        assertThat(stack.seen()).anyMatch(line -> line.contains("TaskTimedOut") && line.contains(job.id()));
    }

    @Test
    void taskThatRefusesHeartbeatsStillGetsItsFinalCallback() {
        String token = token();
        JobInfo job = track("alice", token);
        hub.setStage(job.id(), "RUNNING", null);
        callbacks.thenAnswer(new Result.Refused("SendTaskHeartbeat: InvalidToken"));

        poll();
        poll();
        assertThat(taskOf(job.id()).heartbeats()).isFalse();
        hub.setStage(job.id(), "COMPLETED", null);
        poll();

        assertThat(callbacks.calls()).extracting(ScriptedCallbacks.Call::kind).containsExactly("heartbeat", "success");
        assertThat(taskOf(job.id()).done()).isTrue();
    }

    @Test
    void failedPublishHoldsTheCallbackUntilTheEventGoesOut() {
        JobInfo job = track("alice", token());
        hub.setStage(job.id(), "COMPLETED", null);

        PollReport first = stack.saw(StatusPoller.of(wiring.withEvents(new FlakyPublisher(wiring.events(), 1)),
                new PollerSettings(Duration.ofDays(7), null, null)).run(Deadline.after(Duration.ofSeconds(60))));
        assertThat(first.unpublished()).isEqualTo(1);
        assertThat(callbacks.calls("success")).isEmpty();

        poll();
        assertThat(callbacks.calls("success")).hasSize(1);
        // The copy was made twice over two runs, and holds the log once.
        List<String> copied = copiedLines("alice/" + job.id());
        assertThat(copied.stream().filter(l -> l.startsWith("===== hf-jobs-serverless:"))).hasSize(1);
    }

    @Test
    void longLogIsCopiedBoundedWithTheCutSaidOnTheLastLine() {
        JobInfo job = track("alice", token());
        hub.defaultLogLines(false);
        try {
            hub.appendLogs(job.id(), IntStream.range(0, 10_050).mapToObj(i -> "step " + i).toList());
            hub.setStage(job.id(), "COMPLETED", null);
            poll();
        } finally {
            hub.defaultLogLines(true);
        }

        List<String> copied = copiedLines("alice/" + job.id());
        assertThat(copied).hasSize(10_001);
        assertThat(copied.getFirst()).isEqualTo("step 0");
        assertThat(copied.get(9_999)).isEqualTo("step 9999");
        assertThat(copied.getLast()).startsWith("===== hf-jobs-serverless:").contains("cut");
    }
}
