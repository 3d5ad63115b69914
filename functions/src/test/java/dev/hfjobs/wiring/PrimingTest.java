package dev.hfjobs.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** When a handler primes during its own init: only where Lambda initializes it ahead of traffic. */
class PrimingTest {
    private final AtomicInteger warmUps = new AtomicInteger();
    private final Priming priming = Priming.register(warmUps::incrementAndGet);

    @Test
    void anEnvironmentWithProvisionedConcurrencyIsPrimedDuringItsInit() {
        assertThat(priming.primeAheadOfTraffic(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "provisioned-concurrency")))
                .isTrue();
        assertThat(warmUps).hasValue(1);
    }

    @Test
    void onDemandSnapStartAndUnnamedEnvironmentsAreNotPrimedDuringTheirInit() {
        // On demand, the init is the first request's wait; SnapStart primes before its snapshot.
        for (String type : new String[] {"on-demand", "snap-start", "Provisioned-Concurrency", ""}) {
            assertThat(priming.primeAheadOfTraffic(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", type))).as(type).isFalse();
        }
        assertThat(priming.primeAheadOfTraffic(Map.of())).isFalse();
        assertThat(warmUps).hasValue(0);
    }

    @Test
    void aWarmUpThatFailsOnlyCostsTheFirstCallsTime() {
        Priming failing = Priming.register(() -> {
            throw new IllegalStateException("no class for that here");
        });

        assertThat(failing.primeAheadOfTraffic(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "provisioned-concurrency")))
                .isTrue();
    }
}
