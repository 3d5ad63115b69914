package dev.hfjobs.emulator;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A counter bumped whenever a job changes or prints, which open event streams wait on instead of
 * polling. A lock and condition rather than {@code wait()}: the streams run on virtual threads.
 */
final class Changes {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long generation;
    private boolean closed;

    /** @return the current generation, to pass to {@link #await} once the caller has looked at the state */
    long generation() {
        lock.lock();
        try {
            return generation;
        } finally {
            lock.unlock();
        }
    }

    void fire() {
        lock.lock();
        try {
            generation++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiter, and tells it to stop: the emulator is closing. */
    void close() {
        setClosed(true);
    }

    /** Lets streams run again: the emulator is started (again). */
    void open() {
        setClosed(false);
    }

    private void setClosed(boolean value) {
        lock.lock();
        try {
            closed = value;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean closed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until something changed after generation {@code seen}, the emulator closes, or {@code max} passed. */
    void await(long seen, Duration max) throws InterruptedException {
        long nanos = Math.max(1, max.toNanos());
        lock.lock();
        try {
            while (generation == seen && !closed && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }
}
