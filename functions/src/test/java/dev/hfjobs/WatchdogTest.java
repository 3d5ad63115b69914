package dev.hfjobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WatchdogTest {
    @Test
    void alarmCancelledInTimeNeitherAbortsNorInterrupts() throws Exception {
        AtomicInteger aborts = new AtomicInteger();
        FutureTask<Boolean> call = new FutureTask<>(() -> {
            Watchdog.Alarm alarm = Watchdog.arm(Duration.ofMillis(100), aborts::incrementAndGet);
            boolean fired = alarm.cancel();
            Thread.sleep(300);
            return !fired && !Thread.currentThread().isInterrupted();
        });
        Thread.ofVirtual().start(call);

        assertThat(call.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(aborts).hasValue(0);
    }

    @Test
    void alarmThatFiredAbortsWakesTheVirtualCallerAndLeavesNoInterruptBehind() throws Exception {
        CountDownLatch aborted = new CountDownLatch(1);
        FutureTask<String> call = new FutureTask<>(() -> {
            Watchdog.Alarm alarm = Watchdog.arm(Duration.ofMillis(50), aborted::countDown);
            try {
                Thread.sleep(10_000);
                return "slept through";
            } catch (InterruptedException e) {
                boolean fired = alarm.cancel();
                return "woken, fired " + fired + ", interrupted after cancel " + Thread.currentThread().isInterrupted();
            }
        });
        Thread.ofVirtual().start(call);

        assertThat(call.get(5, TimeUnit.SECONDS)).isEqualTo("woken, fired true, interrupted after cancel false");
        assertThat(aborted.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void alarmOnAPlatformThreadOnlyAborts() throws Exception {
        CountDownLatch aborted = new CountDownLatch(1);
        Watchdog.Alarm alarm = Watchdog.arm(Duration.ofMillis(20), aborted::countDown);

        assertThat(aborted.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(alarm.cancel()).isTrue();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
}
