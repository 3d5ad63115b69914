package dev.hfjobs.hub;

import dev.hfjobs.Deadline;
import java.util.concurrent.atomic.AtomicInteger;

/** Tokens from a list: the first until {@link #invalidate()}, then the next (a rotation). */
final class CountingTokens implements TokenProvider {
    private final String[] tokens;
    private final AtomicInteger current = new AtomicInteger();
    final AtomicInteger reads = new AtomicInteger();
    final AtomicInteger invalidations = new AtomicInteger();

    CountingTokens(String... tokens) {
        this.tokens = tokens;
    }

    @Override
    public String token(Deadline deadline) {
        reads.incrementAndGet();
        return tokens[Math.min(current.get(), tokens.length - 1)];
    }

    @Override
    public void invalidate() {
        invalidations.incrementAndGet();
        current.incrementAndGet();
    }
}
