package dev.hfjobs.aws;

import static dev.hfjobs.testing.Deadlines.soon;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hfjobs.store.ClaimLostException;
import dev.hfjobs.store.ClaimOutcome.Claimed;
import dev.hfjobs.store.ClaimOutcome.Held;
import dev.hfjobs.store.ClaimOutcome.TakenOver;
import dev.hfjobs.store.ClaimOutcome;
import dev.hfjobs.store.ClaimStatus;
import dev.hfjobs.store.IdempotencyClaim;
import dev.hfjobs.store.StoreUnavailableException;
import dev.hfjobs.testing.MotoServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoDbClaimsTest {
    private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final Duration KEEP = Duration.ofDays(1);

    private final MotoServer moto = MotoServer.get();
    private final DynamoDbClient dynamo = moto.aws().dynamoDb();
    private final String table = moto.createJobsTable();
    private final DynamoDbClaims store = new DynamoDbClaims(dynamo, table);
    private final String key = MotoServer.uniqueName("key");

    private IdempotencyClaim fresh(String trackingId, String requestHash, Instant now) {
        return IdempotencyClaim.inProgress(key, requestHash, trackingId, "my-org", now, now.plus(LEASE), now.plus(KEEP));
    }

    @Test
    void freeKeyIsClaimedAndStored() {
        IdempotencyClaim claim = fresh("t-1", "h-1", T0);

        ClaimOutcome outcome = store.claim(claim, T0, soon());

        assertThat(outcome).isEqualTo(new Claimed(claim));
        assertThat(store.find(key, soon())).contains(claim);
    }

    @Test
    void claimIsStoredUnderIdemPrefixWithTtlInEpochSeconds() {
        store.claim(fresh("t-1", "h-1", T0), T0, soon());

        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS("idem#" + key)))).item();

        assertThat(item.get("expiresAt").n()).isEqualTo(Long.toString(T0.plus(KEEP).getEpochSecond()));
        assertThat(item.get("status").s()).isEqualTo("IN_PROGRESS");
        assertThat(item).doesNotContainKey("activePk");
    }

    @Test
    void secondClaimWhileTheLeaseIsLiveIsHeld() {
        IdempotencyClaim first = fresh("t-1", "h-1", T0);
        store.claim(first, T0, soon());

        ClaimOutcome outcome = store.claim(fresh("t-2", "h-2", T0.plusSeconds(30)), T0.plusSeconds(30), soon());

        assertThat(outcome).isEqualTo(new Held(first));
    }

    @Test
    void doneClaimIsHeldEvenLongAfterItsLease() {
        store.claim(fresh("t-1", "h-1", T0), T0, soon());
        store.complete(key, "t-1", "job-42", "my-org", T0.plus(Duration.ofDays(7)), soon());
        Instant later = T0.plus(Duration.ofHours(5));

        ClaimOutcome outcome = store.claim(fresh("t-2", "h-1", later), later, soon());

        assertThat(outcome).isInstanceOf(Held.class);
        assertThat(outcome.claim().status()).isEqualTo(ClaimStatus.DONE);
        assertThat(outcome.claim().jobId()).isEqualTo("job-42");
        assertThat(outcome.claim().trackingId()).isEqualTo("t-1");
        assertThat(outcome.claim().expiresAt()).isEqualTo(T0.plus(Duration.ofDays(7)));
    }

    @Test
    void eightConcurrentClaimsYieldExactlyOneClaimed() throws Exception {
        List<ClaimOutcome> outcomes = concurrently(8, i -> () -> store.claim(fresh("t-" + i, "h", T0), T0, soon()));

        List<ClaimOutcome> claimed = outcomes.stream().filter(o -> o instanceof Claimed).toList();
        assertThat(claimed).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o instanceof Held).hasSize(7)
                .allSatisfy(o -> assertThat(o.claim().trackingId()).isEqualTo(claimed.getFirst().claim().trackingId()));
    }

    @Test
    void expiredLeaseIsTakenOverKeepingTheOldTrackingIdAndHash() {
        IdempotencyClaim stale = fresh("t-old", "h-old", T0);
        store.claim(stale, T0, soon());
        Instant later = T0.plus(LEASE).plusSeconds(1);
        IdempotencyClaim mine = fresh("t-new", "h-new", later);

        ClaimOutcome outcome = store.claim(mine, later, soon());

        assertThat(outcome).isInstanceOf(TakenOver.class);
        IdempotencyClaim taken = outcome.claim();
        assertThat(taken.trackingId()).isEqualTo("t-old");
        assertThat(taken.requestHash()).isEqualTo("h-old");
        assertThat(taken.createdAt()).isEqualTo(T0);
        assertThat(taken.leaseUntil()).isEqualTo(mine.leaseUntil());
        assertThat(taken.expiresAt()).isEqualTo(mine.expiresAt());
        assertThat(store.find(key, soon())).contains(taken);
    }

    @Test
    void leaseEndingExactlyNowIsStillHeld() {
        store.claim(fresh("t-1", "h", T0), T0, soon());
        Instant end = T0.plus(LEASE);

        assertThat(store.claim(fresh("t-2", "h", end), end, soon())).isInstanceOf(Held.class);
    }

    @Test
    void racingTakeoversLetExactlyOneWin() throws Exception {
        store.claim(fresh("t-old", "h", T0), T0, soon());
        Instant later = T0.plus(LEASE).plusSeconds(10);

        List<ClaimOutcome> outcomes = concurrently(8, i -> () -> {
            Instant now = later.plusMillis(i);
            return store.claim(fresh("t-" + i, "h", now), now, soon());
        });

        List<ClaimOutcome> winners = outcomes.stream().filter(o -> o instanceof TakenOver).toList();
        assertThat(winners).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o instanceof Held).hasSize(7)
                .allSatisfy(o -> assertThat(o.claim().leaseUntil()).isAfter(later));
        assertThat(store.find(key, soon()).orElseThrow().leaseUntil()).isEqualTo(winners.getFirst().claim().leaseUntil());
    }

    @Test
    void completeRecordsTheJobAndKeepsTheClaim() {
        IdempotencyClaim claim = fresh("t-1", "h-1", T0);
        store.claim(claim, T0, soon());

        store.complete(key, "t-1", "job-7", "other-org", T0.plus(Duration.ofDays(3)), soon());

        IdempotencyClaim done = store.find(key, soon()).orElseThrow();
        assertThat(done.status()).isEqualTo(ClaimStatus.DONE);
        assertThat(done.jobId()).isEqualTo("job-7");
        assertThat(done.namespace()).isEqualTo("other-org");
        assertThat(done.requestHash()).isEqualTo("h-1");
        assertThat(done.expiresAt()).isEqualTo(T0.plus(Duration.ofDays(3)));
    }

    @Test
    void completeUnderAnotherTrackingIdIsClaimLost() {
        store.claim(fresh("t-1", "h", T0), T0, soon());

        assertThatThrownBy(() -> store.complete(key, "t-other", "job-1", "ns", T0.plus(KEEP), soon()))
                .isInstanceOf(ClaimLostException.class)
                .hasMessageContaining(key);
        assertThat(store.find(key, soon()).orElseThrow().status()).isEqualTo(ClaimStatus.IN_PROGRESS);
    }

    @Test
    void completeAfterReleaseIsClaimLost() {
        store.claim(fresh("t-1", "h", T0), T0, soon());
        store.release(key, "t-1", soon());

        assertThatThrownBy(() -> store.complete(key, "t-1", "job-1", "ns", T0.plus(KEEP), soon()))
                .isInstanceOf(ClaimLostException.class);
    }

    @Test
    void takeoverKeepsTheTrackingIdSoTheSlowFirstHolderCanStillComplete() {
        store.claim(fresh("t-1", "h", T0), T0, soon());
        Instant later = T0.plus(LEASE).plusSeconds(1);
        store.claim(fresh("t-2", "h", later), later, soon());

        store.complete(key, "t-1", "job-1", "my-org", later.plus(KEEP), soon());

        assertThat(store.find(key, soon()).orElseThrow().jobId()).isEqualTo("job-1");
    }

    @Test
    void releaseFreesTheKeyForTheNextClaim() {
        store.claim(fresh("t-1", "h", T0), T0, soon());

        store.release(key, "t-1", soon());

        assertThat(store.find(key, soon())).isEmpty();
        IdempotencyClaim next = fresh("t-2", "h", T0.plusSeconds(5));
        assertThat(store.claim(next, T0.plusSeconds(5), soon())).isEqualTo(new Claimed(next));
    }

    @Test
    void releaseUnderAnotherTrackingIdLeavesTheClaim() {
        IdempotencyClaim claim = fresh("t-1", "h", T0);
        store.claim(claim, T0, soon());

        store.release(key, "t-other", soon());

        assertThat(store.find(key, soon())).contains(claim);
    }

    @Test
    void releaseOfADoneClaimLeavesIt() {
        store.claim(fresh("t-1", "h", T0), T0, soon());
        store.complete(key, "t-1", "job-1", "ns", T0.plus(KEEP), soon());

        store.release(key, "t-1", soon());

        assertThat(store.find(key, soon()).orElseThrow().status()).isEqualTo(ClaimStatus.DONE);
    }

    @Test
    void releaseOfAMissingClaimDoesNothing() {
        store.release(key, "t-1", soon());

        assertThat(store.find(key, soon())).isEmpty();
    }

    @Test
    void extendLeaseMovesTheHoldersLeaseOnly() {
        store.claim(fresh("t-1", "h", T0), T0, soon());
        Instant extended = T0.plus(Duration.ofMinutes(10));

        assertThat(store.extendLease(key, "t-other", extended, soon())).isFalse();
        assertThat(store.extendLease(key, "t-1", extended, soon())).isTrue();
        assertThat(store.find(key, soon()).orElseThrow().leaseUntil()).isEqualTo(extended);

        store.complete(key, "t-1", "job-1", "ns", T0.plus(KEEP), soon());
        assertThat(store.extendLease(key, "t-1", extended.plusSeconds(60), soon())).isFalse();
    }

    @Test
    void freshClaimMustBeInProgress() {
        IdempotencyClaim done = new IdempotencyClaim(key, "h", "t", ClaimStatus.DONE, "job", "ns", T0, T0, T0);

        assertThatThrownBy(() -> store.claim(done, T0, soon())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void missingTableIsStoreUnavailableNamingTheTable() {
        String missing = MotoServer.uniqueName("no-such-table");
        DynamoDbClaims broken = new DynamoDbClaims(dynamo, missing);

        assertThatThrownBy(() -> broken.claim(fresh("t-1", "h", T0), T0, soon()))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining(missing)
                .hasMessageContaining("ResourceNotFoundException");
        assertThatThrownBy(() -> broken.find(key, soon())).isInstanceOf(StoreUnavailableException.class);
    }

    /** Runs {@code n} tasks that start together and returns their results. */
    static <T> List<T> concurrently(int n, java.util.function.IntFunction<Callable<T>> task) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            List<Future<T>> futures = IntStream.range(0, n)
                    .mapToObj(i -> pool.submit(() -> {
                        start.await();
                        return task.apply(i).call();
                    }))
                    .toList();
            start.countDown();
            List<T> results = new java.util.ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        }
    }
}
