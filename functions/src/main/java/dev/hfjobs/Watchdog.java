package dev.hfjobs;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one thread that ends calls out of time. A call runs on its caller's thread and arms an
 * {@link Alarm}; when its time is up the alarm aborts it. A thread per call, instead, costs about a
 * millisecond each and a thread switch on the way back.
 */
public final class Watchdog {
    private Watchdog() {}

    /**
     * Arms an alarm for the calling thread: after {@code time}, unless cancelled first, it
     * interrupts the caller if that is a virtual thread, and runs {@code abort} (e.g. closes the
     * call's connection) on a thread of its own. Interrupting a virtual thread blocked on a socket closes the socket at once, where
     * closing a connection from another thread waits for a read in progress (a server that sends
     * its answer a byte at a time would hold it). The caller must {@link Alarm#cancel()} when the
     * call ends, on its own thread.
     */
    public static Alarm arm(Duration time, Runnable abort) {
        Alarm alarm = new Alarm(Thread.currentThread(), abort);
        alarm.future = Holder.EXECUTOR.schedule(alarm::fire, time.toNanos(), TimeUnit.NANOSECONDS);
        return alarm;
    }

    /** One call's alarm. */
    public static final class Alarm {
        private final Thread caller;
        private final Runnable abort;
        private final ReentrantLock lock = new ReentrantLock();
        private volatile ScheduledFuture<?> future;
        private boolean ended;
        private boolean fired;

        private Alarm(Thread caller, Runnable abort) {
            this.caller = caller;
            this.abort = abort;
        }

        private void fire() {
            lock.lock();
            try {
                if (ended) {
                    return;
                }
                fired = true;
                if (caller.isVirtual()) {
                    caller.interrupt();
                }
            } finally {
                lock.unlock();
            }
            // Off this thread: closing a connection can wait for a read, and other alarms are due.
            Thread.ofVirtual().name("call-abort").start(abort);
        }

        /**
         * Disarms it; from here on it does nothing to the caller. When it had fired, the interrupt
         * it sent is cleared (the call's own failure says what happened).
         *
         * @return whether it fired: the call ran out of time
         */
        public boolean cancel() {
            ScheduledFuture<?> scheduled = future;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
            lock.lock();
            try {
                ended = true;
                if (fired && caller.isVirtual()) {
                    Thread.interrupted();
                }
                return fired;
            } finally {
                lock.unlock();
            }
        }
    }

    // Created on the first call: a handler that never calls out starts no thread.
    private static final class Holder {
        static final ScheduledThreadPoolExecutor EXECUTOR = executor();

        private static ScheduledThreadPoolExecutor executor() {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
                    r -> Thread.ofPlatform().daemon().name("call-watchdog").unstarted(r));
            executor.setRemoveOnCancelPolicy(true);
            return executor;
        }
    }
}
