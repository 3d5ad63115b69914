package dev.hfjobs.poller;

import static dev.hfjobs.testing.Deadlines.soon;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hfjobs.emulator.HfJobsEmulator;
import dev.hfjobs.model.JobInfo;
import dev.hfjobs.model.JobRequests;
import dev.hfjobs.model.JobSpec;
import dev.hfjobs.model.Wire;
import dev.hfjobs.store.JobRecord;
import dev.hfjobs.submit.Source;
import dev.hfjobs.submit.Tracking;
import dev.hfjobs.testing.Emitted;
import dev.hfjobs.testing.MutableClock;
import dev.hfjobs.testing.TestContext;
import dev.hfjobs.testing.TestStack;
import dev.hfjobs.wiring.Wiring;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What StatusPollerFunction tells CloudWatch about a run: the changes it published by stage, the
 * jobs that ended by stage and flavor with their estimated cost, and how late it saw the oldest
 * change. The Hub and the poller share one clock that the test moves, so every figure is exact.
 */
class PollerTelemetryTest {
    static final JobSpec A10G = spec("a10g-small");
    static final JobSpec CPU = spec("cpu-basic");

    final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    TestStack stack;
    HfJobsEmulator hub;
    Wiring wiring;

    static JobSpec spec(String flavor) {
        return JobRequests.parseSubmit(Wire.parse("""
                {"image": "python:3.12", "command": ["python", "train.py"], "flavor": "%s"}""".formatted(flavor)),
                Set.of()).orThrow().spec();
    }

    @BeforeEach
    void setUp() {
        stack = TestStack.create();
        hub = HfJobsEmulator.builder().clock(clock).start();
        stack.env.put("HF_ENDPOINT", hub.endpoint().toString());
        wiring = stack.wiring().withClock(clock);
    }

    @AfterEach
    void tearDown() {
        hub.close();
        stack.assertNoSecretLeaked();
        stack.close();
    }

    /** A job started the way the submit path starts one, and its record. */
    JobInfo track(String namespace, JobSpec spec) {
        String trackingId = Tracking.newId();
        JobInfo job = wiring.hub().createJob(namespace, spec.withLabels(Map.of(Tracking.MANAGED_LABEL, "true",
                Tracking.TRACKING_LABEL, trackingId, Tracking.SOURCE_LABEL, "sqs")), soon()).orThrow();
        wiring.jobs().put(new JobRecord(job.id(), namespace, job.stage().value(), job.flavor(), job.labels(),
                job.createdAt(), Source.SQS.label(), "test", "key-" + job.id(),
                job.url(hub.endpoint(), namespace).toString(), trackingId, clock.instant(), null, 0, null), soon());
        return job;
    }

    /** One run of the function, as the schedule invokes it; what it logged since the test began. */
    Emitted run() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new StatusPollerFunction(() -> wiring, Map.of()).handleRequest(new ByteArrayInputStream("{}".getBytes()), out,
                TestContext.seconds(60));
        stack.saw(out.toString());
        return Emitted.from(stack.seen());
    }

    void after(long seconds) {
        clock.advance(Duration.ofSeconds(seconds));
    }

    @Test
    void pollerLagIsTheOldestChangeOfTheRun() throws IOException {
        JobInfo early = track("alice", A10G);
        JobInfo late = track("alice", A10G);
        track("alice", A10G);
        after(10);
        hub.setStage(early.id(), "RUNNING", null);
        after(20);
        hub.setStage(late.id(), "RUNNING", null);
        after(30);

        Emitted emitted = run();

        // Seen 50 s after the early job started, 30 s after the late one: the run reports the oldest.
        assertThat(emitted.total("PollerLagSeconds")).isEqualTo(50);
        assertThat(emitted.sum("StateChanges", Map.of("Stage", "RUNNING"))).isEqualTo(2);
        assertThat(emitted.metrics().data()).noneMatch(d -> d.name().equals("JobsFinished"));
    }

    @Test
    void aRunThatFindsNoChangeReportsNoLag() throws IOException {
        track("alice", A10G);
        after(600);

        Emitted emitted = run();

        assertThat(emitted.metrics().data()).extracting(d -> d.name()).doesNotContain("PollerLagSeconds",
                "StateChanges").contains("HubCalls");
    }

    @Test
    void finishedJobsCountByStageAndFlavorAndTheirCostByFlavorAndNamespace() throws IOException {
        JobInfo trained = track("alice", A10G);
        JobInfo failed = track("acme-ml", CPU);
        hub.setStage(trained.id(), "RUNNING", null);
        hub.setStage(failed.id(), "RUNNING", null);
        after(30 * 60);
        hub.setStage(trained.id(), "COMPLETED", null);
        hub.setStage(failed.id(), "ERROR", "exit code 1");
        after(5);

        Emitted emitted = run();

        List<JsonNode> events = stack.events(2, Duration.ofSeconds(10));
        BigDecimal trainedCost = cost(events, trained.id());
        BigDecimal failedCost = cost(events, failed.id());
        assertThat(trainedCost).isPositive();
        assertThat(emitted.sum("JobsFinished", Map.of("Stage", "COMPLETED", "Flavor", "a10g-small"))).isEqualTo(1);
        assertThat(emitted.sum("JobsFinished", Map.of("Stage", "ERROR", "Flavor", "cpu-basic"))).isEqualTo(1);
        assertThat(emitted.sum("StateChanges", Map.of("Stage", "COMPLETED"))).isEqualTo(1);
        assertThat(emitted.sum("EstimatedCostUSD", Map.of("Flavor", "a10g-small")))
                .isEqualTo(trainedCost.doubleValue());
        assertThat(emitted.sum("EstimatedCostUSD", Map.of("Namespace", "acme-ml")))
                .isEqualTo(failedCost.doubleValue());
        assertThat(emitted.total("EstimatedCostUSD")).isCloseTo(trainedCost.add(failedCost).doubleValue(),
                within(1e-9));
        assertThat(emitted.total("PollerLagSeconds")).isEqualTo(5);
    }

    @Test
    void eachJobsLinesCarryItsOwnIdNamespaceAndKey() throws IOException {
        JobInfo alice = track("alice", A10G);
        JobInfo acme = track("acme-ml", CPU);
        hub.failJob(alice.id(), "boom", "last line");
        hub.failJob(acme.id(), "bang", "other line");

        run();

        Emitted emitted = Emitted.from(stack.seen());
        assertThat(emitted.lines("state change published")).extracting(l -> l.path("jobId").asText(),
                l -> l.path("stage").asText()).containsExactlyInAnyOrder(tuple(alice.id(), "ERROR"),
                tuple(acme.id(), "ERROR"));
        List<JsonNode> aboutJobs = emitted.lines().stream().filter(l -> l.has("jobId")).toList();
        assertThat(aboutJobs).allSatisfy(line -> {
            String id = line.path("jobId").asText();
            assertThat(line.path("namespace").asText()).isEqualTo(id.equals(alice.id()) ? "alice" : "acme-ml");
            assertThat(line.path("idempotencyKey").asText()).isEqualTo("key-" + id);
            assertThat(line.path("requestId").asText()).isNotEmpty();
        });
    }

    static BigDecimal cost(List<JsonNode> events, String jobId) {
        return events.stream().filter(e -> e.at("/detail/jobId").asText().equals(jobId)).findFirst().orElseThrow()
                .at("/detail/estimatedCostUSD").decimalValue();
    }
}
