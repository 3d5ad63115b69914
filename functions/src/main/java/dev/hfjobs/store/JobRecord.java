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
 * @param version optimistic-locking counter, starting at 0; see {@link JobRecords#updateStage}
 * @param expiresAt when DynamoDB may delete the record (TTL, second precision); null keeps it
 * @param task the Step Functions task waiting for the job, or null
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
        Instant expiresAt,
        TaskLink task) {

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

    /** A record without a waiting task. */
    public JobRecord(String jobId, String namespace, String stage, String flavor, Map<String, String> labels,
            Instant submittedAt, String source, String caller, String idempotencyKey, String url, String trackingId,
            Instant updatedAt, String stageMessage, long version, Instant expiresAt) {
        this(jobId, namespace, stage, flavor, labels, submittedAt, source, caller, idempotencyKey, url, trackingId,
                updatedAt, stageMessage, version, expiresAt, null);
    }

    /**
     * True while the poller watches the job: while it can still change stage, and after that while a
     * waiting task is still owed its final callback.
     */
    public boolean active() {
        return !terminal() || task != null && task.open();
    }

    /** True once the job can no longer change stage. */
    public boolean terminal() {
        return TERMINAL_STAGES.contains(stage.toUpperCase(Locale.ROOT));
    }

    /** This record at a new stage, with the version incremented, ready for {@link JobRecords#updateStage}. */
    public JobRecord withStage(String newStage, String newMessage, Instant newUpdatedAt) {
        return new JobRecord(jobId, namespace, newStage, flavor, labels, submittedAt, source, caller,
                idempotencyKey, url, trackingId, newUpdatedAt, newMessage, version + 1, expiresAt, task);
    }

    /** This record with another expiry (e.g. set once the job is terminal). */
    public JobRecord withExpiresAt(Instant newExpiresAt) {
        return new JobRecord(jobId, namespace, stage, flavor, labels, submittedAt, source, caller,
                idempotencyKey, url, trackingId, updatedAt, stageMessage, version, newExpiresAt, task);
    }

    /** This record with another task state (the version is not changed: see {@link #withStage}). */
    public JobRecord withTask(TaskLink newTask) {
        return new JobRecord(jobId, namespace, stage, flavor, labels, submittedAt, source, caller,
                idempotencyKey, url, trackingId, updatedAt, stageMessage, version, expiresAt, newTask);
    }

    /** This record as the next version, unchanged otherwise (for a write that changes only the task). */
    public JobRecord nextVersion() {
        return new JobRecord(jobId, namespace, stage, flavor, labels, submittedAt, source, caller,
                idempotencyKey, url, trackingId, updatedAt, stageMessage, version + 1, expiresAt, task);
    }

    @Override
    public String toString() {
        return "JobRecord[jobId=" + jobId + ", namespace=" + namespace + ", stage=" + stage + ", version=" + version
                + ", task=" + task + "]";
    }
}
