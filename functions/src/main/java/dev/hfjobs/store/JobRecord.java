package dev.hfjobs.store;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the store keeps about a job the functions submitted, for the status poller and the API.
 *
 * @param jobId the Hub's job id
 * @param namespace the job's owner (user or organization)
 * @param stage the Hub's stage name, e.g. {@code RUNNING}; see {@link #TERMINAL_STAGES}
 * @param flavor the hardware flavor; may be null
 * @param labels the job's labels; never null
 * @param submittedAt when the job was created; may be null
 * @param source how the request came: {@code api}, {@code sqs} or {@code scheduled}; may be null
 * @param caller who asked (e.g. the IAM principal); may be null
 * @param idempotencyKey the request's idempotency key; may be null
 * @param url the job's page on the Hub; may be null
 * @param trackingId the {@code hfjobs-} tracking label's value; may be null
 * @param updatedAt when the stage was last seen changing; may be null
 * @param stageMessage the Hub's message for the stage; may be null
 * @param version optimistic-locking counter, starting at 0; see {@link JobStore#updateStage}
 * @param expiresAt when DynamoDB may delete the record (TTL, second precision); null keeps it
 */
public record JobRecord(
        String jobId,
        String namespace,
        String stage,
        String flavor,
        Map<String, String> labels,
        Instant submittedAt,
        String source,
        String caller,
        String idempotencyKey,
        String url,
        String trackingId,
        Instant updatedAt,
        String stageMessage,
        long version,
        Instant expiresAt) {

    /** The stages after which a job never changes again. */
    public static final Set<String> TERMINAL_STAGES = Set.of("COMPLETED", "CANCELED", "ERROR", "DELETED");

    public JobRecord {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(stage, "stage");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        if (version < 0) {
            throw new IllegalArgumentException("version must not be negative: " + version);
        }
    }

    /** True while the job can still change stage (the poller watches it). */
    public boolean active() {
        return !TERMINAL_STAGES.contains(stage.toUpperCase(Locale.ROOT));
    }

    /** This record at a new stage, with the version incremented, ready for {@link JobStore#updateStage}. */
    public JobRecord withStage(String newStage, String newMessage, Instant newUpdatedAt) {
        return new JobRecord(jobId, namespace, newStage, flavor, labels, submittedAt, source, caller,
                idempotencyKey, url, trackingId, newUpdatedAt, newMessage, version + 1, expiresAt);
    }

    /** This record with another expiry (e.g. set once the job is terminal). */
    public JobRecord withExpiresAt(Instant newExpiresAt) {
        return new JobRecord(jobId, namespace, stage, flavor, labels, submittedAt, source, caller,
                idempotencyKey, url, trackingId, updatedAt, stageMessage, version, newExpiresAt);
    }
}
