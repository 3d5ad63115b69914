package dev.hfjobs.store;

import java.time.Instant;
import java.util.Optional;

/**
 * Idempotency claims and job records. Every method throws {@link StoreUnavailableException} when
 * the store cannot be reached (transient).
 */
public interface JobStore {

    /**
     * Claims {@code fresh.key()}: stores {@code fresh} when the key is free, takes over an
     * in-progress claim whose lease ended before {@code now}, or reports the claim that holds it.
     * Two callers never both get {@link ClaimOutcome.Claimed} or {@link ClaimOutcome.TakenOver}
     * for the same claim.
     *
     * @param fresh an {@link ClaimStatus#IN_PROGRESS} claim with the caller's tracking id, lease
     *     and expiry
     */
    ClaimOutcome claim(IdempotencyClaim fresh, Instant now);

    /**
     * Marks the claim done with its job, if {@code trackingId} still holds it.
     *
     * @throws ClaimLostException when the claim is gone or has another tracking id
     */
    void complete(String key, String trackingId, String jobId, String namespace, Instant expiresAt);

    /** Deletes the claim if it is still in progress under {@code trackingId}; otherwise does nothing. */
    void release(String key, String trackingId);

    /** The claim on {@code key}, read strongly consistently. */
    Optional<IdempotencyClaim> findClaim(String key);

    /**
     * Moves the lease of an in-progress claim held by {@code trackingId}.
     *
     * @return false when the claim is gone, done or held under another tracking id
     */
    boolean extendLease(String key, String trackingId, Instant leaseUntil);

    /** Stores the record unless one with the same job id exists (then leaves that one as it is). */
    void putJob(JobRecord job);

    /** The record of {@code jobId}, read strongly consistently. */
    Optional<JobRecord> findJob(String jobId);

    /**
     * Replaces the record if its stored version is still {@code expectedVersion}.
     *
     * @param updated the new record; its version must be {@code expectedVersion + 1} (see
     *     {@link JobRecord#withStage})
     * @return false when the record is missing or was changed by someone else meanwhile
     */
    boolean updateStage(JobRecord updated, long expectedVersion);

    /**
     * The jobs not yet in a terminal stage, ordered by job id.
     *
     * @param cursor the {@link Page#next()} of the previous page; empty for the first page
     * @param limit the page size, 1 to 1000
     * @throws IllegalArgumentException for a cursor this store did not produce
     */
    Page<JobRecord> activeJobs(Optional<String> cursor, int limit);

    /** The document of that name, read strongly consistently. */
    Optional<Document> document(String name);

    /** Stores (or replaces) a document. */
    void putDocument(Document document);

    /**
     * Takes the named lease for {@code owner} until {@code until}, when it is free, expired before
     * {@code now}, or already held by {@code owner}.
     *
     * @return false when someone else holds it
     */
    boolean acquireLease(String name, String owner, Instant until, Instant now);

    /** Gives the lease up if {@code owner} holds it. */
    void releaseLease(String name, String owner);
}
