package dev.hfjobs.submit;

import static dev.hfjobs.testing.Deadlines.soon;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hfjobs.Deadline;
import dev.hfjobs.emulator.HfJobsEmulator;
import dev.hfjobs.model.JobInfo;
import dev.hfjobs.model.JobRequests;
import dev.hfjobs.model.Problem;
import dev.hfjobs.model.SubmitRequest;
import dev.hfjobs.model.Wire;
import dev.hfjobs.store.ClaimStatus;
import dev.hfjobs.store.Claims;
import dev.hfjobs.store.IdempotencyClaim;
import dev.hfjobs.testing.RequestCounter;
import dev.hfjobs.testing.TestStack;
import dev.hfjobs.wiring.Wiring;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;

/** Takeovers of a claim whose holder died: the job it may have created is found, not duplicated. */
class SubmitServiceTest {
    static final String BODY = """
            {"image": "python:3.12", "command": ["python", "train.py"], "timeout": "10m"}""";
    static final SubmitRequest REQUEST = JobRequests.parseSubmit(Wire.parse(BODY), Set.of()).orThrow();

    TestStack stack;
    HfJobsEmulator hub;
    Wiring wiring;
    Claims store;
    SubmitService service;

    @BeforeEach
    void setUp() {
        stack = TestStack.create();
        hub = TestStack.hub();
        wiring = stack.wiring();
        store = wiring.claims();
        service = wiring.submitService();
    }

    @AfterEach
    void tearDown() {
        stack.close();
    }

    /** A claim left IN_PROGRESS by a holder whose lease ran out a minute ago. */
    IdempotencyClaim deadHolder(String key, String hash, String trackingId) {
        Instant now = Instant.now();
        IdempotencyClaim claim = IdempotencyClaim.inProgress(key, hash, trackingId, "alice", now.minusSeconds(120),
                now.minusSeconds(60), now.plus(Duration.ofHours(1)));
        store.claim(claim, now.minusSeconds(120), soon());
        return claim;
    }

    SubmitOutcome submit(String body, String key) {
        return service.submit(SubmitInput.runJob(body, key, List.of(), Set.of(), Source.SQS, "tester"),
                Deadline.after(Duration.ofSeconds(20)));
    }

    @Test
    void holderThatDiedAfterItsPostLeavesAJobThatTheNextRequestFinds() {
        String trackingId = Tracking.newId();
        String hash = RequestHash.of("alice", REQUEST);
        JobInfo orphan = wiring.hub().createJob("alice", REQUEST.spec().withLabels(Tracking.labels(trackingId,
                Source.SQS)), Deadline.after(Duration.ofSeconds(10))).orThrow();
        deadHolder("k-died", hash, trackingId);

        SubmitOutcome outcome = submit(BODY, "k-died");

        assertThat(outcome).isInstanceOfSatisfying(SubmitOutcome.Created.class,
                created -> assertThat(created.job().id()).isEqualTo(orphan.id()));
        assertThat(hub.createdJobCount()).isEqualTo(1);
        assertThat(store.find("k-died", soon())).hasValueSatisfying(c -> {
            assertThat(c.status()).isEqualTo(ClaimStatus.DONE);
            assertThat(c.jobId()).isEqualTo(orphan.id());
        });
    }

    @Test
    void holderThatDiedBeforeItsPostIsReplacedByOneJob() {
        deadHolder("k-early", RequestHash.of("alice", REQUEST), Tracking.newId());

        assertThat(submit(BODY, "k-early")).isInstanceOf(SubmitOutcome.Created.class);
        assertThat(hub.createdJobCount()).isEqualTo(1);
    }

    @Test
    void takeoverByADifferentRequestIsAConflictAndHandsTheLeaseBack() {
        deadHolder("k-other", "another-request-hash", Tracking.newId());

        assertThat(submit(BODY, "k-other")).isInstanceOfSatisfying(SubmitOutcome.Rejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo(SubmitOutcome.Reason.IDEMPOTENCY_KEY_REUSED));
        assertThat(hub.createdJobCount()).isZero();
        assertThat(store.find("k-other", soon())).hasValueSatisfying(
                c -> assertThat(c.leaseUntil()).isBeforeOrEqualTo(Instant.now()));
    }

    @Test
    void liveHolderMakesARepeatWait() {
        Instant now = Instant.now();
        store.claim(IdempotencyClaim.inProgress("k-live", RequestHash.of("alice", REQUEST), Tracking.newId(),
                "alice", now, now.plusSeconds(30), now.plus(Duration.ofHours(1))), now, soon());

        assertThat(submit(BODY, "k-live")).isInstanceOfSatisfying(SubmitOutcome.InProgress.class,
                wait -> assertThat(wait.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(30)));
        assertThat(hub.createdJobCount()).isZero();
    }

    @Test
    void requestThatCanNeverBecomeAJobIsRejectedWithEveryProblemAndPublishedOnce() {
        SubmitOutcome outcome = service.submit(SubmitInput.runJob("""
                {"image": "python:3.12", "command": "ls", "timout": "1h", "secrets": {"A": "s3cr3t-hf-value"}}""",
                "k-bad", List.of(new Problem("Idempotency-Key", "must be printable")), Set.of(), Source.API, "tester"),
                Deadline.after(Duration.ofSeconds(10)));

        assertThat(outcome).isInstanceOfSatisfying(SubmitOutcome.Rejected.class, rejected -> {
            assertThat(rejected.reason()).isEqualTo(SubmitOutcome.Reason.INVALID_REQUEST);
            assertThat(rejected.problems()).extracting(Problem::field)
                    .containsExactlyInAnyOrder("Idempotency-Key", "command", "timout");
        });
        assertThat(hub.requests()).isEmpty();
        assertThat(stack.events(2, Duration.ofSeconds(2))).singleElement().satisfies(event -> {
            assertThat(event.path("detail-type").asText()).isEqualTo(SubmitEvents.FAILED);
            assertThat(event.at("/detail/reason").asText()).isEqualTo("invalid-request");
            assertThat(event.at("/detail/idempotencyKey").asText()).isEqualTo("k-bad");
            assertThat(event.at("/detail/request/secrets/A").asText()).isEqualTo(JobViews.REDACTED);
        });
    }

    @Test
    void bodyThatIsNotJsonIsRejectedAsMalformed() {
        SubmitOutcome outcome = service.submit(SubmitInput.runJob("{not json", "k-json", List.of(), Set.of(), Source.SQS,
                "tester"), Deadline.after(Duration.ofSeconds(10)));

        assertThat(outcome).isInstanceOfSatisfying(SubmitOutcome.Rejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo(SubmitOutcome.Reason.MALFORMED_JSON));
        assertThat(stack.events(1, Duration.ofSeconds(2))).singleElement()
                .satisfies(event -> assertThat(event.at("/detail/reason").asText()).isEqualTo("malformed-json"));
    }

    @Test
    void createdJobIsSettledWithOneWriteAndItsEventLeavesFromTheRecordNotTheRequest() {
        RequestCounter aws = new RequestCounter();
        SubmitService counted = Wiring.fromEnvironment(stack.env, stack.moto.clients(aws)).submitService();

        SubmitOutcome outcome = counted.submit(SubmitInput.runJob(BODY, "k-outbox", List.of(), Set.of(), Source.API,
                "tester"), Deadline.after(Duration.ofSeconds(20)));

        assertThat(outcome).isInstanceOfSatisfying(SubmitOutcome.Created.class, created -> assertThat(created.settled())
                .isTrue());
        assertThat(aws.count(PutEventsRequest.class)).as("PutEvents calls of the submit").isZero();
        assertThat(aws.count(BatchWriteItemRequest.class)).as("the record, its event and the claim").isEqualTo(1);
        String jobId = ((SubmitOutcome.Created) outcome).job().id();
        assertThat(stack.events(2, Duration.ofSeconds(2))).singleElement().satisfies(event -> {
            assertThat(event.path("detail-type").asText()).isEqualTo(SubmitEvents.SUBMITTED);
            assertThat(event.at("/detail/jobId").asText()).isEqualTo(jobId);
            assertThat(event.at("/detail/eventId").asText()).isEqualTo(jobId + ":SUBMITTED");
            assertThat(event.at("/detail/idempotencyKey").asText()).isEqualTo("k-outbox");
            assertThat(event.at("/detail/job/id").asText()).isEqualTo(jobId);
        });
    }

    @Test
    void replayPublishesNothingAgainAndAFoundJobIsAnnouncedOnce() {
        SubmitOutcome first = submit(BODY, "k-replay");
        SubmitOutcome again = submit(BODY, "k-replay");

        assertThat(again).isInstanceOfSatisfying(SubmitOutcome.Created.class, created -> {
            assertThat(created.replayed()).isTrue();
            assertThat(created.settled()).isTrue();
        });
        assertThat(stack.events(3, Duration.ofSeconds(2))).singleElement().satisfies(event -> assertThat(
                event.at("/detail/jobId").asText()).isEqualTo(((SubmitOutcome.Created) first).job().id()));
    }
}
