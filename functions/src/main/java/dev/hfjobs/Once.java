package dev.hfjobs;

import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A value built once, on first use. Handlers keep their wiring behind one, so that building a
 * handler (at class init, or in a SnapStart snapshot) costs nothing until a call needs it.
 */
public final class Once<T> implements Supplier<T> {
    private final Supplier<? extends T> factory;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile T value;

    public Once(Supplier<? extends T> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /** The value if it was built already; never builds it. */
    public java.util.Optional<T> ifBuilt() {
        return java.util.Optional.ofNullable(value);
    }

    @Override
    public T get() {
        T current = value;
        if (current != null) {
            return current;
        }
        lock.lock();
        try {
            if (value == null) {
                value = Objects.requireNonNull(factory.get(), "factory returned null");
            }
            return value;
        } finally {
            lock.unlock();
        }
    }
}
