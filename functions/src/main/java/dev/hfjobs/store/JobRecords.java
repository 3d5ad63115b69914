package dev.hfjobs.store;

import dev.hfjobs.Deadline;
import java.util.Optional;

/**
 * What the functions know of the jobs they submitted or adopted: the status poller's work list.
 * Every method finishes by {@code deadline} and throws {@link StoreUnavailableException} when the
 * store cannot answer in time or at all (transient).
 */
public interface JobRecords {

    /** Stores the record unless one with the same job id exists (then leaves that one as it is). */
    void put(JobRecord job, Deadline deadline);

    /**
     * Stores the record with the event that announces it, unless a record with the same job id
     * exists (then leaves that one, whose own event was published when it was written). The event
     * is published from the table's stream once the record is stored ({@link OutboxEvent}).
     */
    void put(JobRecord job, OutboxEvent event, Deadline deadline);

    /**
     * Stores a job this request has just created: its record and its idempotency claim, done, in
     * one write and without conditions. Both are safe unconditional: nobody else can hold a record
     * of a job id the Hub has only now returned (the poller adopts only jobs scheduled jobs start),
     * and the claim still carries this request's tracking id (a takeover keeps it, so whoever took
     * the claim over found this same job by it). Calls made at the same time are sent together.
     *
     * @param done the claim, {@link ClaimStatus#DONE} with the job's id and namespace
     * @param event the event that announces the job, stored with its record ({@link OutboxEvent})
     * @throws StoreUnavailableException when either was not stored (each is repeatable)
     */
    void putCreated(JobRecord job, IdempotencyClaim done, OutboxEvent event, Deadline deadline);

    /** The record of {@code jobId}, read strongly consistently. */
    Optional<JobRecord> find(String jobId, Deadline deadline);

    /**
     * Replaces the record if its stored version is still {@code expectedVersion}.
     *
     * @param updated the new record; its version must be {@code expectedVersion + 1} (see
     *     {@link JobRecord#withStage})
     * @return false when the record is missing or was changed by someone else meanwhile
     */
    boolean updateStage(JobRecord updated, long expectedVersion, Deadline deadline);

    /**
     * The jobs not yet in a terminal stage, ordered by job id.
     *
     * @param cursor the {@link Page#next()} of the previous page; empty for the first page
     * @param limit the page size, 1 to 1000
     * @throws IllegalArgumentException for a cursor this store did not produce
     */
    Page<JobRecord> active(Optional<String> cursor, int limit, Deadline deadline);
}
