package dev.hfjobs.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PrefetchTest {
    private static final Map<String, String> ON_DEMAND = Map.of(Prefetch.INITIALIZATION_TYPE, "on-demand");

    @Test
    void onDemandRunsEachTaskOnItsOwnThreadWhileTheCallerGoesOn() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Set<String> ranOn = ConcurrentHashMap.newKeySet();
        Runnable blocked = () -> {
            ranOn.add(Thread.currentThread().getName() + "#" + Thread.currentThread().threadId());
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };

        List<Thread> threads = Prefetch.start(ON_DEMAND, blocked, blocked, blocked);

        assertThat(threads).hasSize(3).allSatisfy(t -> assertThat(t.isDaemon()).isTrue());
        release.countDown();
        for (Thread thread : threads) {
            assertThat(thread.join(java.time.Duration.ofSeconds(5))).isTrue();
        }
        assertThat(ranOn).hasSize(3).allSatisfy(name -> assertThat(name).startsWith("prefetch#"))
                .noneMatch(name -> name.endsWith("#" + Thread.currentThread().threadId()));
    }

    @Test
    void aProvisionedEnvironmentFetchesAheadDuringItsInitToo() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);

        List<Thread> threads = Prefetch.start(Map.of(Prefetch.INITIALIZATION_TYPE, "provisioned-concurrency"),
                ran::countDown);

        assertThat(threads).hasSize(1);
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void snapStartAndUnknownEnvironmentsFetchNothingAhead() {
        Runnable never = () -> {
            throw new AssertionError("must not run");
        };

        // Under SnapStart a token read before the snapshot would live on in every restored copy.
        for (Map<String, String> env : List.of(Map.of(Prefetch.INITIALIZATION_TYPE, "snap-start"),
                Map.of(Prefetch.INITIALIZATION_TYPE, "On-Demand"), Map.<String, String>of())) {
            assertThat(Prefetch.start(env, never)).as(env.toString()).isEmpty();
        }
    }

    @Test
    void aFailingTaskLeavesTheOthersToFinish() throws Exception {
        Set<String> done = ConcurrentHashMap.newKeySet();

        List<Thread> threads = Prefetch.start(ON_DEMAND, () -> {
            throw new IllegalStateException("secret store down");
        }, () -> done.add("catalog"));

        for (Thread thread : threads) {
            assertThat(thread.join(java.time.Duration.ofSeconds(5))).isTrue();
        }
        assertThat(done).containsExactly("catalog");
    }
}
