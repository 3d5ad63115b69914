package dev.hfjobs.ports;

import dev.hfjobs.Deadline;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit: what threads hand in concurrently is sent together. While one call to the sender is
 * in flight, the items other threads submit queue up, and the next of those threads sends all of
 * them at once. Ten parallel submissions of a queue batch then cost about two calls instead of ten,
 * and nobody ever waits for a timer: a lone caller is sent at once.
 *
 * <p>Each caller gets back exactly its own items that were not done, and never waits past its
 * deadline: items still queued or in flight then come back as not done (whoever sends them may
 * still get them through, so what is sent must be repeatable).
 *
 * @param <T> what is sent; told apart by identity
 */
public final class GroupCommit<T> {
    /** Sends items in one go (splitting them as its service requires); answers those not done. */
    @FunctionalInterface
    public interface Sender<T> {
        List<T> send(List<T> items, Deadline deadline);
    }

    private final Sender<T> sender;
    // A lock, not synchronized: a virtual thread blocked in the call must not pin its carrier.
    private final ReentrantLock sending = new ReentrantLock();
    private final ConcurrentLinkedQueue<Pending<T>> queue = new ConcurrentLinkedQueue<>();

    private record Pending<T>(List<T> items, Deadline deadline, CompletableFuture<List<T>> notDone) {}

    public GroupCommit(Sender<T> sender) {
        this.sender = Objects.requireNonNull(sender, "sender");
    }

    /**
     * Sends {@code items} (with whatever else is queued by then) and answers those of them not done.
     * An exception from the sender reaches every caller whose items were in that call.
     */
    public List<T> submit(List<T> items, Deadline deadline) {
        if (items.isEmpty()) {
            return List.of();
        }
        Pending<T> mine = new Pending<>(List.copyOf(items), deadline, new CompletableFuture<>());
        queue.add(mine);
        if (lock(deadline)) {
            try {
                if (!mine.notDone().isDone()) {
                    sendQueued();
                }
            } finally {
                sending.unlock();
            }
        }
        return await(mine);
    }

    private boolean lock(Deadline deadline) {
        try {
            return sending.tryLock(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static <T> List<T> await(Pending<T> mine) {
        try {
            return mine.notDone().get(mine.deadline().remaining().toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            return mine.items();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return mine.items();
        }
    }

    /**
     * Sends everything queued (this caller's items among them) in one sender call, with the latest
     * deadline among the callers (each caller stops waiting at its own).
     */
    private void sendQueued() {
        List<Pending<T>> taken = new ArrayList<>();
        List<T> all = new ArrayList<>();
        Deadline latest = null;
        for (Pending<T> pending = queue.poll(); pending != null; pending = queue.poll()) {
            taken.add(pending);
            all.addAll(pending.items());
            latest = latest == null || pending.deadline().atNanos() - latest.atNanos() > 0 ? pending.deadline() : latest;
        }
        if (taken.isEmpty()) {
            return;
        }
        Set<T> failed = Collections.newSetFromMap(new IdentityHashMap<>());
        try {
            failed.addAll(sender.send(all, latest));
        } catch (RuntimeException e) {
            taken.forEach(pending -> pending.notDone().completeExceptionally(e));
            return;
        }
        taken.forEach(pending -> pending.notDone().complete(
                pending.items().stream().filter(failed::contains).toList()));
    }
}
