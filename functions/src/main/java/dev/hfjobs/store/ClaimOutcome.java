package dev.hfjobs.store;

/** What {@link JobStore#claim} found: the caller now holds the key, or someone else does. */
public sealed interface ClaimOutcome {

    /** The claim that results: the caller's own, or the one that stands in its way. */
    IdempotencyClaim claim();

    /** The key was free: the caller's fresh claim is stored. Create the job. */
    record Claimed(IdempotencyClaim claim) implements ClaimOutcome {}

    /**
     * The previous holder's lease had expired and the caller took over. The claim keeps the previous
     * holder's tracking id and request hash (check the hash against the caller's own) and has the
     * caller's lease: look for a job with that tracking label before creating one.
     */
    record TakenOver(IdempotencyClaim claim) implements ClaimOutcome {}

    /**
     * Another request holds the key: done (answer with its job), in progress with a live lease, or
     * it won a takeover race (answer "in progress, retry later").
     */
    record Held(IdempotencyClaim claim) implements ClaimOutcome {}
}
