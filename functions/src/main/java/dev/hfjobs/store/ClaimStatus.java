package dev.hfjobs.store;

/** Where an idempotency claim stands. */
public enum ClaimStatus {
    /** A request holds the key and is creating the job; its lease says until when. */
    IN_PROGRESS,
    /** The job exists; the claim names it. */
    DONE
}
