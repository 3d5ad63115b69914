package dev.hfjobs.submit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfjobs.Wiring;
import dev.hfjobs.emulator.HfJobsEmulator;
import dev.hfjobs.hub.Deadline;
import dev.hfjobs.model.JobInfo;
import dev.hfjobs.model.JobRequests;
import dev.hfjobs.model.SubmitRequest;
import dev.hfjobs.model.Wire;
import dev.hfjobs.store.ClaimStatus;
import dev.hfjobs.store.IdempotencyClaim;
import dev.hfjobs.store.JobStore;
import dev.hfjobs.testing.TestStack;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Takeovers of a claim whose holder died: the job it may have created is found, not duplicated. */
class SubmitServiceTest {
    static final SubmitRequest REQUEST = JobRequests.parseSubmit(Wire.parse("""
            {"image": "python:3.12", "command": ["python", "train.py"], "timeout": "10m"}"""), Set.of()).orThrow();

    TestStack stack;
    HfJobsEmulator hub;
    Wiring wiring;
    JobStore store;
    SubmitService service;

    @BeforeEach
    void setUp() {
        stack = TestStack.create();
        hub = TestStack.hub();
        wiring = stack.wiring();
        store = wiring.store();
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
        store.claim(claim, now.minusSeconds(120));
        return claim;
    }

    SubmitOutcome submit(SubmitRequest request, String key) {
        return service.submit(new SubmitCommand(request, Source.SQS, "tester", key), Deadline.after(Duration.ofSeconds(20)));
    }

    @Test
    void holderThatDiedAfterItsPostLeavesAJobThatTheNextRequestFinds() {
        String trackingId = Tracking.newId();
        String hash = RequestHash.of("alice", REQUEST.spec());
        JobInfo orphan = wiring.hub().createJob("alice", REQUEST.spec().withLabels(Tracking.labels(trackingId,
                Source.SQS)), Deadline.after(Duration.ofSeconds(10))).orThrow();
        deadHolder("k-died", hash, trackingId);

        SubmitOutcome outcome = submit(REQUEST, "k-died");

        assertThat(outcome).isInstanceOfSatisfying(SubmitOutcome.Created.class,
                created -> assertThat(created.job().id()).isEqualTo(orphan.id()));
        assertThat(hub.createdJobCount()).isEqualTo(1);
        assertThat(store.findClaim("k-died")).hasValueSatisfying(c -> {
            assertThat(c.status()).isEqualTo(ClaimStatus.DONE);
            assertThat(c.jobId()).isEqualTo(orphan.id());
        });
    }

    @Test
    void holderThatDiedBeforeItsPostIsReplacedByOneJob() {
        deadHolder("k-early", RequestHash.of("alice", REQUEST.spec()), Tracking.newId());

        assertThat(submit(REQUEST, "k-early")).isInstanceOf(SubmitOutcome.Created.class);
        assertThat(hub.createdJobCount()).isEqualTo(1);
    }

    @Test
    void takeoverByADifferentRequestIsAConflictAndHandsTheLeaseBack() {
        deadHolder("k-other", "another-request-hash", Tracking.newId());

        assertThat(submit(REQUEST, "k-other")).isInstanceOf(SubmitOutcome.KeyConflict.class);
        assertThat(hub.createdJobCount()).isZero();
        assertThat(store.findClaim("k-other")).hasValueSatisfying(
                c -> assertThat(c.leaseUntil()).isBeforeOrEqualTo(Instant.now()));
    }

    @Test
    void liveHolderMakesARepeatWait() {
        Instant now = Instant.now();
        store.claim(IdempotencyClaim.inProgress("k-live", RequestHash.of("alice", REQUEST.spec()), Tracking.newId(),
                "alice", now, now.plusSeconds(30), now.plus(Duration.ofHours(1))), now);

        assertThat(submit(REQUEST, "k-live")).isInstanceOfSatisfying(SubmitOutcome.InProgress.class,
                wait -> assertThat(wait.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(30)));
        assertThat(hub.createdJobCount()).isZero();
    }
}
