package dev.hfjobs.localinvoke;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** One event on its way through the Runtime API: queued, handed out, then completed exactly once. */
final class Invocation {

    /** How it ended, with the answer's body and when (System.nanoTime). */
    record Completion(Outcome outcome, byte[] body, long atNanos) {
    }

    private final String requestId = UUID.randomUUID().toString();
    private final byte[] event;
    private final long timeoutMs;
    private final CompletableFuture<Completion> done = new CompletableFuture<>();
    private volatile long handedOutNanos;
    private volatile long poll;

    Invocation(byte[] event, long timeoutMs) {
        this.event = event.clone();
        this.timeoutMs = timeoutMs;
    }

    String requestId() {
        return requestId;
    }

    byte[] event() {
        return event.clone();
    }

    long timeoutMs() {
        return timeoutMs;
    }

    /** Marks the hand-out in answer to the runtime's {@code poll}-th request; returns the deadline in epoch ms. */
    long handOut(long poll) {
        this.poll = poll;
        handedOutNanos = System.nanoTime();
        return System.currentTimeMillis() + timeoutMs;
    }

    boolean handedOut() {
        return handedOutNanos != 0;
    }

    /** Which of the runtime's requests for work received this invocation (1 = the first). */
    long poll() {
        return poll;
    }

    long handedOutNanos() {
        return handedOutNanos;
    }

    /** The first completion wins; later ones (a late answer after a timeout) are ignored. */
    boolean complete(Outcome outcome, byte[] body) {
        return done.complete(new Completion(outcome, body, System.nanoTime()));
    }

    boolean isDone() {
        return done.isDone();
    }

    Completion await() {
        return done.join();
    }
}
