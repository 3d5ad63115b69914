package dev.hfjobs.poller;

import static dev.hfjobs.testing.Deadlines.soon;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hfjobs.Deadline;
import dev.hfjobs.emulator.Deletion;
import dev.hfjobs.emulator.HfJobsEmulator;
import dev.hfjobs.model.JobInfo;
import dev.hfjobs.model.JobRequests;
import dev.hfjobs.model.JobSpec;
import dev.hfjobs.model.Wire;
import dev.hfjobs.ports.EventPublisher;
import dev.hfjobs.store.JobRecord;
import dev.hfjobs.store.JobRecords;
import dev.hfjobs.submit.Source;
import dev.hfjobs.submit.Tracking;
import dev.hfjobs.testing.FlakyPublisher;
import dev.hfjobs.testing.TestStack;
import dev.hfjobs.wiring.Wiring;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The poller against the emulator and moto, with jobs moving, vanishing and events failing. */
class StatusPollerTest {
    static final JobSpec SPEC = JobRequests.parseSubmit(Wire.parse("""
            {"image": "python:3.12", "command": ["python", "train.py"], "flavor": "a10g-small",
             "secrets": {"WANDB_API_KEY": "s3cr3t-wandb-value"}}"""), Set.of()).orThrow().spec();

    TestStack stack;
    HfJobsEmulator hub;
    Wiring wiring;
    JobRecords store;

    @BeforeEach
    void setUp() {
        stack = TestStack.create();
        hub = TestStack.hub();
        wiring = stack.wiring();
        store = wiring.jobs();
    }

    @AfterEach
    void noLeak() {
        stack.assertNoSecretLeaked();
        stack.close();
    }

    StatusPoller poller(EventPublisher events) {
        return StatusPoller.of(wiring.withEvents(events), new PollerSettings(Duration.ofDays(7), null, null));
    }

    PollReport poll() {
        return stack.saw(poller(wiring.events()).run(Deadline.after(Duration.ofSeconds(60))));
    }

    /** A job started the way the submit path starts one, and its record. */
    JobInfo track(String namespace) {
        String trackingId = Tracking.newId();
        JobInfo job = wiring.hub().createJob(namespace, SPEC.withLabels(Map.of(Tracking.MANAGED_LABEL, "true",
                Tracking.TRACKING_LABEL, trackingId, Tracking.SOURCE_LABEL, "sqs")), Deadline.after(Duration.ofSeconds(10)))
                .orThrow();
        store.put(new JobRecord(job.id(), namespace, job.stage().value(), job.flavor(), job.labels(),
                job.createdAt(), Source.SQS.label(), "test", "key-" + job.id(),
                job.url(hub.endpoint(), namespace).toString(), trackingId, Instant.now(), null, 0, null), soon());
        return job;
    }

    List<JobInfo> track(String namespace, int count) {
        List<JobInfo> jobs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            jobs.add(track(namespace));
        }
        return jobs;
    }

    String stageOf(String jobId) {
        return store.find(jobId, soon()).orElseThrow().stage();
    }

    @Test
    void hundredsOfJobsMovingThroughStagesInFewCalls() {
        hub.pageSize(50);
        List<JobInfo> alice = track("alice", 180);
        List<JobInfo> acme = track("acme-ml", 120);

        PollReport quiet = poll();
        assertThat(quiet.changes()).isZero();
        assertThat(quiet.tracked()).isEqualTo(300);
        // ceil(180/50) + ceil(120/50) pages, no inspections.
        assertThat(quiet.hubCalls()).isEqualTo(4 + 3);

        for (int i = 0; i < 180; i++) {
            hub.setStage(alice.get(i).id(), i < 100 ? "RUNNING" : i < 150 ? "COMPLETED" : "ERROR", null);
        }
        for (int i = 0; i < 40; i++) {
            hub.setStage(acme.get(i).id(), "CANCELED", null);
        }
        PollReport moved = poll();

        assertThat(moved.changes()).isEqualTo(220);
        assertThat(moved.published()).isEqualTo(220);
        // Listing pages, one inspection per job that left the active listing (120 terminal), and one
        // log read per job that ended in ERROR (its event carries the last lines).
        assertThat(moved.hubCalls()).isEqualTo(2 + 2 + 120 + 30);
        assertThat(stageOf(alice.get(0).id())).isEqualTo("RUNNING");
        assertThat(stageOf(alice.get(120).id())).isEqualTo("COMPLETED");
        assertThat(store.find(alice.get(120).id(), soon()).orElseThrow().expiresAt()).isAfter(Instant.now().plus(Duration.ofDays(6)));
        assertThat(stageOf(acme.get(0).id())).isEqualTo("CANCELED");

        PollReport after = poll();
        assertThat(after.tracked()).isEqualTo(300 - 120);
        assertThat(after.changes()).isZero();
    }

    @Test
    void stateChangeEventCarriesStagesTimesAndCostWhenTerminal() {
        JobInfo job = track("alice");
        hub.setStage(job.id(), "RUNNING", null);
        poll();
        hub.setStage(job.id(), "COMPLETED", null);
        poll();

        List<JsonNode> events = stack.events(2, Duration.ofSeconds(10));
        assertThat(events).extracting(e -> e.at("/detail/stage").asText()).containsExactly("RUNNING", "COMPLETED");
        JsonNode done = events.get(1).path("detail");
        assertThat(events.get(1).path("detail-type").asText()).isEqualTo(StateChangeEvents.STATE_CHANGE);
        assertThat(done.path("eventId").asText()).isEqualTo(job.id() + ":COMPLETED");
        assertThat(done.path("previousStage").asText()).isEqualTo("RUNNING");
        assertThat(done.path("url").asText()).endsWith("/jobs/alice/" + job.id());
        assertThat(done.path("flavor").asText()).isEqualTo("a10g-small");
        assertThat(done.path("finishedAt").asText()).isNotEmpty();
        assertThat(done.has("estimatedCostUSD")).isTrue();
        // The job ran under a second here: zero started minutes (the price math is tested in the model).
        assertThat(done.path("estimatedCostMicroUSD").isIntegralNumber()).isTrue();
    }

    @Test
    void jobsThatDisappearAreReportedDeleted() {
        JobInfo removed = track("alice");
        JobInfo marked = track("alice");
        hub.deleteJob(removed.id(), Deletion.REMOVE);
        hub.deleteJob(marked.id(), Deletion.MARK_DELETED);

        PollReport report = poll();

        assertThat(report.changes()).isEqualTo(2);
        assertThat(stageOf(removed.id())).isEqualTo("DELETED");
        assertThat(stageOf(marked.id())).isEqualTo("DELETED");
    }

    @Test
    void legacyHubWithoutFiltersStillWorks() {
        hub.legacyMode(true);
        List<JobInfo> jobs = track("alice", 5);
        track("alice", 0);
        hub.setStage(jobs.get(0).id(), "COMPLETED", null);
        hub.setStage(jobs.get(1).id(), "ERROR", "exit code 1");

        PollReport report = poll();

        assertThat(report.changes()).isEqualTo(2);
        assertThat(stageOf(jobs.get(1).id())).isEqualTo("ERROR");
        assertThat(store.find(jobs.get(1).id(), soon()).orElseThrow().stageMessage()).isEqualTo("exit code 1");
        assertThat(stageOf(jobs.get(2).id())).isEqualTo("RUNNING");
    }

    @Test
    void failedPublishIsNotRecordedSoTheNextRunPublishesIt() {
        List<JobInfo> jobs = track("alice", 4);
        jobs.forEach(j -> hub.setStage(j.id(), "RUNNING", null));

        PollReport first = stack.saw(poller(new FlakyPublisher(wiring.events(), 3)).run(Deadline.after(Duration.ofSeconds(30))));
        assertThat(first.unpublished()).isEqualTo(3);
        assertThat(first.published()).isEqualTo(1);

        PollReport second = poll();
        assertThat(second.published()).isEqualTo(3);
        assertThat(jobs).allSatisfy(j -> assertThat(stageOf(j.id())).isEqualTo("RUNNING"));
        assertThat(stack.events(4, Duration.ofSeconds(10))).extracting(e -> e.at("/detail/jobId").asText())
                .containsExactlyInAnyOrderElementsOf(jobs.stream().map(JobInfo::id).toList());
    }

    @Test
    void overlappingRunsDoNotDoubleTheWork() throws Exception {
        List<JobInfo> jobs = track("alice", 6);
        jobs.forEach(j -> hub.setStage(j.id(), "RUNNING", null));
        hub.latency(Duration.ofMillis(300));
        hub.clearRequests();
        List<Future<PollReport>> runs = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            runs.add(pool.submit(this::poll));
            // The second run starts once the first is in its slow Hub call, so the first holds the lease
            // for certain; submitted together, which of the two gets going first is the scheduler's.
            Instant giveUp = Instant.now().plusSeconds(10);
            while (hub.requests().isEmpty() && Instant.now().isBefore(giveUp)) {
                Thread.sleep(5);
            }
            runs.add(pool.submit(this::poll));
        }
        hub.latency(Duration.ZERO);

        List<PollReport> reports = new ArrayList<>();
        for (Future<PollReport> run : runs) {
            reports.add(run.get());
        }
        assertThat(reports).filteredOn(PollReport::skipped).hasSize(1);
        assertThat(reports.stream().mapToInt(PollReport::published).sum()).isEqualTo(6);
    }

    @Test
    void hubTroubleForOneNamespaceLeavesItsJobsForTheNextRun() {
        JobInfo alice = track("alice");
        JobInfo acme = track("acme-ml");
        hub.setStage(alice.id(), "RUNNING", null);
        hub.setStage(acme.id(), "RUNNING", null);
        hub.failNext("GET", "^/api/jobs/acme-ml$", 10, 503);

        PollReport report = stack.saw(poller(wiring.events()).run(Deadline.after(Duration.ofSeconds(20))));

        assertThat(report.published()).isEqualTo(1);
        assertThat(stageOf(acme.id())).isEqualTo("SCHEDULING");
    }

    @Test
    void stuckSchedulingJobsAreCanceledWhenAsked() {
        JobInfo stuck = track("alice");
        StatusPoller strict = StatusPoller.of(wiring.withClock(Clock.offset(Clock.systemUTC(), Duration.ofHours(2))),
                new PollerSettings(Duration.ofDays(1), Duration.ofMinutes(30), null));

        PollReport report = stack.saw(strict.run(Deadline.after(Duration.ofSeconds(30))));

        assertThat(report.canceled()).isEqualTo(1);
        assertThat(hub.job(stuck.id()).orElseThrow().stage()).isEqualTo("CANCELED");
        assertThat(stack.events(1, Duration.ofSeconds(5))).extracting(e -> e.path("detail-type").asText())
                .containsExactly(StateChangeEvents.STUCK);
        poll();
        assertThat(stageOf(stuck.id())).isEqualTo("CANCELED");
    }

    @Test
    void jobsStartedByScheduledJobsAreAdopted() {
        JobInfo scheduled = wiring.hub().createJob("alice", SPEC.withLabels(Map.of(Tracking.MANAGED_LABEL, "true",
                Tracking.SOURCE_LABEL, "scheduled")), Deadline.after(Duration.ofSeconds(10))).orThrow();
        StatusPoller withDefault = StatusPoller.of(wiring, new PollerSettings(Duration.ofDays(1), null, "alice"));

        PollReport report = stack.saw(withDefault.run(Deadline.after(Duration.ofSeconds(30))));

        assertThat(report.adopted()).isEqualTo(1);
        assertThat(stageOf(scheduled.id())).isEqualTo("SCHEDULING");
        assertThat(store.find(scheduled.id(), soon()).map(JobRecord::source)).isEqualTo(Optional.of("scheduled"));
    }
}
