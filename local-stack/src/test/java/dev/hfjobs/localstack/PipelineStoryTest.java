package dev.hfjobs.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hfjobs.devstack.ProjectFiles;
import dev.hfjobs.emulator.JobSnapshot;
import dev.hfjobs.localinvoke.SamTemplate;
import dev.hfjobs.model.Wire;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline story's set-up on a real local-up, and how it judges an execution's end. */
class PipelineStoryTest {
    private static final JsonNode JOB = Wire.parse("""
            {"jobId": "6b0d2fcf9bbcfeca7433fb99", "namespace": "alice", "url": "https://huggingface.co/jobs/alice/6b0d2fcf9bbcfeca7433fb99",
             "stage": "COMPLETED", "labels": {"story": "completes"}, "createdAt": "2026-01-01T00:00:00Z",
             "startedAt": "2026-01-01T00:00:02Z", "finishedAt": "2026-01-01T00:00:14Z",
             "durations": {"schedulingSeconds": 2, "runningSeconds": 12}, "estimatedCostUSD": 0.0001}""");
    private final Path root = ProjectFiles.root();

    @Test
    void localUpCreatesTheExamplePipelineAndMotoTakesEveryCasesStateMachine(@TempDir Path work) {
        LocalUp.Settings settings = LocalUp.Settings.fromEnvJson(root.resolve("template.yaml"),
                root.resolve("events/env.json"), work).withPorts(0, 0).withParameters(PipelineStory.PARAMETERS);

        try (LocalUp up = LocalUp.start(settings)) {
            var sfn = up.aws().stepFunctions();
            PipelineStory.Story story = new PipelineStory.Story(SamTemplate.load(root.resolve("template.yaml")),
                    root.resolve("events"), up, Duration.ofSeconds(30));
            String pipeline = sfn.describeStateMachine(b -> b.stateMachineArn(
                    up.stack().stateMachine("TrainEvaluatePipeline").arn())).definition();

            assertThat(Wire.parse(pipeline).at("/States/Train/Parameters/QueueUrl").asText())
                    .isEqualTo(up.stack().queue("SubmitQueue").url());
            assertThat(story.cases()).extracting(PipelineStory.Case::name)
                    .containsExactly("completes", "fails", "invalid", "heartbeats", "train-evaluate");
            for (PipelineStory.Case c : story.cases()) {
                c.definition().ifPresent(asl -> {
                    String arn = sfn.createStateMachine(b -> b.name("check-" + c.name()).definition(asl)
                            .roleArn("arn:aws:iam::123456789012:role/check")).stateMachineArn();
                    sfn.deleteStateMachine(b -> b.stateMachineArn(arn));
                });
            }
        }
    }

    @Test
    void aCompletedJobsOutputHasEveryFieldTheIssueNames() {
        assertThat(PipelineStory.completedWithTheJob(ending("SUCCEEDED", JOB, null, null, 3))).isEmpty();
        assertThat(PipelineStory.completedWithTheJob(ending("SUCCEEDED", Wire.parse("{\"jobId\": \"x\"}"), null, null,
                3))).singleElement().asString().contains("lacks [namespace, url, stage, labels");
        assertThat(PipelineStory.completedWithTheJob(ending("FAILED", null, "States.Timeout", null, 3)))
                .containsExactly("ended FAILED States.Timeout, not SUCCEEDED");
    }

    @Test
    void aFailedJobMustEndWithItsLastLogLineInTheCause() {
        String cause = "Job failed with exit code: 1\n" + String.join("\n", PipelineStory.ERROR_LINES);

        assertThat(PipelineStory.failedWithTheLastLogLine(ending("FAILED", null, "HFJob.ERROR", cause, 2))).isEmpty();
        assertThat(PipelineStory.failedWithTheLastLogLine(ending("FAILED", null, "HFJob.ERROR", "Job failed", 2)))
                .singleElement().asString().contains("lacks the job's last log line");
    }

    @Test
    void aJobOutlivingItsHeartbeatSecondsMustHaveBeenBeaten() {
        assertThat(PipelineStory.survivedByHeartbeats(ending("SUCCEEDED", JOB, null, null, 3)))
                .containsExactly("no SendTaskHeartbeat reached moto");
    }

    @Test
    void anInvalidRequestMustFailBeforeAnyPollerRun() {
        String cause = "3 problem(s): timout: is not a known field; command: must be a list";

        assertThat(PipelineStory.failedAtOnceAsSubmissionFailed(ending("FAILED", null, "HFJob.SubmissionFailed", cause,
                0))).isEmpty();
        assertThat(PipelineStory.failedAtOnceAsSubmissionFailed(ending("FAILED", null, "HFJob.SubmissionFailed", cause,
                1))).singleElement().asString().contains("1 poller run(s) after the queue function");
    }

    private static PipelineStory.Ending ending(String status, JsonNode output, String error, String cause,
            int pollerRuns) {
        return new PipelineStory.Ending(status, Optional.ofNullable(output), Optional.ofNullable(error),
                Optional.ofNullable(cause), pollerRuns, 0, List.<JobSnapshot>of());
    }
}
