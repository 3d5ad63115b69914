package dev.hfjobs.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A claim on an idempotency key: the first request with the key creates the job, the others get
 * that job back.
 *
 * @param key the idempotency key (the header, the SQS attribute or the message id)
 * @param requestHash a hash of the request, so a reuse of the key for another request is noticed
 * @param trackingId the id put in the job's {@code hfjobs-} tracking label; it survives a
 *     takeover, so the new holder can find a job the previous one may have created
 * @param status in progress or done
 * @param jobId the job's id; null until {@link ClaimStatus#DONE}
 * @param namespace the job's namespace; may be null while in progress
 * @param createdAt when the key was first claimed
 * @param leaseUntil until when an in-progress holder is presumed alive; after it, another request
 *     may take the claim over
 * @param expiresAt when DynamoDB may delete the claim (TTL; stored at second precision)
 */
public record IdempotencyClaim(
        String key,
        String requestHash,
        String trackingId,
        ClaimStatus status,
        String jobId,
        String namespace,
        Instant createdAt,
        Instant leaseUntil,
        Instant expiresAt) {

    public IdempotencyClaim {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(requestHash, "requestHash");
        Objects.requireNonNull(trackingId, "trackingId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(leaseUntil, "leaseUntil");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** A new in-progress claim, as a request makes it before creating the job. */
    public static IdempotencyClaim inProgress(
            String key, String requestHash, String trackingId, String namespace,
            Instant now, Instant leaseUntil, Instant expiresAt) {
        return new IdempotencyClaim(
                key, requestHash, trackingId, ClaimStatus.IN_PROGRESS, null, namespace, now, leaseUntil, expiresAt);
    }

    /** This claim done: its job is {@code jobId} in {@code jobNamespace}. */
    public IdempotencyClaim done(String jobId, String jobNamespace) {
        return new IdempotencyClaim(key, requestHash, trackingId, ClaimStatus.DONE, Objects.requireNonNull(jobId,
                "jobId"), Objects.requireNonNull(jobNamespace, "jobNamespace"), createdAt, leaseUntil, expiresAt);
    }

    /** True when the claim is in progress and its lease ended before {@code now}. */
    public boolean leaseExpiredAt(Instant now) {
        return status == ClaimStatus.IN_PROGRESS && leaseUntil.isBefore(now);
    }
}
