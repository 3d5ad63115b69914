package dev.hfjobs.store;

import dev.hfjobs.Deadline;
import java.time.Instant;
import java.util.Optional;

/**
 * Idempotency claims: which request is submitting, or has submitted, the job of a key. Every method
 * finishes by {@code deadline} and throws {@link StoreUnavailableException} when the store cannot
 * answer in time or at all (transient).
 */
public interface Claims {

    /**
     * Claims {@code fresh.key()}: stores {@code fresh} when the key is free, takes over an
     * in-progress claim whose lease ended before {@code now}, or reports the claim that holds it.
     * Two callers never both get {@link ClaimOutcome.Claimed} or {@link ClaimOutcome.TakenOver}
     * for the same claim. A claim found under {@code fresh}'s own tracking id (an earlier attempt
     * of this call whose answer was lost) is {@link ClaimOutcome.Claimed}.
     *
     * @param fresh an {@link ClaimStatus#IN_PROGRESS} claim with the caller's tracking id, lease
     *     and expiry
     */
    ClaimOutcome claim(IdempotencyClaim fresh, Instant now, Deadline deadline);

    /**
     * Marks the claim done with its job, if {@code trackingId} still holds it.
     *
     * @throws ClaimLostException when the claim is gone or has another tracking id
     */
    void complete(String key, String trackingId, String jobId, String namespace, Instant expiresAt, Deadline deadline);

    /** Deletes the claim if it is still in progress under {@code trackingId}; otherwise does nothing. */
    void release(String key, String trackingId, Deadline deadline);

    /** The claim on {@code key}, read strongly consistently. */
    Optional<IdempotencyClaim> find(String key, Deadline deadline);

    /**
     * Moves the lease of an in-progress claim held by {@code trackingId}.
     *
     * @return false when the claim is gone, done or held under another tracking id
     */
    boolean extendLease(String key, String trackingId, Instant leaseUntil, Deadline deadline);
}
