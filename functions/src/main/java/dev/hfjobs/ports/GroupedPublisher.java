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
 * An {@link EventPublisher} that sends events published concurrently together (group commit):
 * while one call to the delegate is in flight, the events other threads publish queue up, and the
 * next of those threads sends all of them at once. A queue batch of ten parallel submissions then
 * costs about two {@code PutEvents} calls instead of ten, and no publisher ever waits for a timer.
 * Each caller gets back exactly its own unpublished events, and never waits past its deadline:
 * events still queued or in flight then are returned as unpublished (they may yet be delivered by
 * whoever sends them; consumers dedupe on the event id).
 */
public final class GroupedPublisher implements EventPublisher {
    private final EventPublisher delegate;
    // A lock, not synchronized: a virtual thread blocked in PutEvents must not pin its carrier.
    private final ReentrantLock sending = new ReentrantLock();
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();

    private record Pending(List<HfEvent> events, Deadline deadline, CompletableFuture<List<HfEvent>> unpublished) {}

    public GroupedPublisher(EventPublisher delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public List<HfEvent> publish(List<HfEvent> events, Deadline deadline) {
        if (events.isEmpty()) {
            return List.of();
        }
        Pending mine = new Pending(List.copyOf(events), deadline, new CompletableFuture<>());
        queue.add(mine);
        if (lock(deadline)) {
            try {
                if (!mine.unpublished().isDone()) {
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

    private static List<HfEvent> await(Pending mine) {
        try {
            return mine.unpublished().get(mine.deadline().remaining().toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            return mine.events();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return mine.events();
        }
    }

    /**
     * Sends everything queued (this caller's events among them) in one delegate call, with the
     * latest deadline among the callers (each caller stops waiting at its own).
     */
    private void sendQueued() {
        List<Pending> taken = new ArrayList<>();
        List<HfEvent> all = new ArrayList<>();
        Deadline latest = null;
        for (Pending pending = queue.poll(); pending != null; pending = queue.poll()) {
            taken.add(pending);
            all.addAll(pending.events());
            latest = latest == null || pending.deadline().atNanos() - latest.atNanos() > 0 ? pending.deadline() : latest;
        }
        if (taken.isEmpty()) {
            return;
        }
        Set<HfEvent> failed = Collections.newSetFromMap(new IdentityHashMap<>());
        try {
            failed.addAll(delegate.publish(all, latest));
        } catch (RuntimeException e) {
            taken.forEach(pending -> pending.unpublished().completeExceptionally(e));
            return;
        }
        taken.forEach(pending -> pending.unpublished().complete(
                pending.events().stream().filter(failed::contains).toList()));
    }
}
