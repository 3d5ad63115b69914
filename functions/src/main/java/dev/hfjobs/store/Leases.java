package dev.hfjobs.store;

import dev.hfjobs.Deadline;
import java.time.Instant;

/**
 * Named leases that keep two overlapping runs (of the status poller) from doing the same work.
 * Every method finishes by {@code deadline} and throws {@link StoreUnavailableException} when the
 * store cannot answer in time or at all (transient).
 */
public interface Leases {

    /**
     * Takes the named lease for {@code owner} until {@code until}, when it is free, expired before
     * {@code now}, or already held by {@code owner}.
     *
     * @return false when someone else holds it
     */
    boolean acquire(String name, String owner, Instant until, Instant now, Deadline deadline);

    /** Gives the lease up if {@code owner} holds it. */
    void release(String name, String owner, Deadline deadline);
}
