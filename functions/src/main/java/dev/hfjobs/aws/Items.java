package dev.hfjobs.aws;

import dev.hfjobs.store.ClaimStatus;
import dev.hfjobs.store.IdempotencyClaim;
import dev.hfjobs.store.JobRecord;
import dev.hfjobs.store.OutboxEvent;
import dev.hfjobs.store.TaskLink;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Records to DynamoDB attribute maps and back. Instants are ISO-8601 strings (exact round trip,
 * readable in the console) except {@code expiresAt}, which TTL needs as epoch seconds. Null fields
 * are left out.
 */
final class Items {
    static final String PK = "pk";
    static final String KIND = "kind";
    static final String EXPIRES_AT = "expiresAt";
    static final String ACTIVE_PK = "activePk";
    static final String ACTIVE = "ACTIVE";
    static final String CLAIM_PREFIX = "idem#";
    static final String JOB_PREFIX = "job#";
    /** A job record's {@link OutboxEvent}: a map of {@code detailType}, {@code eventId}, {@code detail} (JSON). */
    static final String OUTBOX = "outbox";

    private Items() {}

    static Map<String, AttributeValue> claimKey(String key) {
        return Map.of(PK, s(CLAIM_PREFIX + key));
    }

    static Map<String, AttributeValue> jobKey(String jobId) {
        return Map.of(PK, s(JOB_PREFIX + jobId));
    }

    static Map<String, AttributeValue> toItem(IdempotencyClaim c) {
        Map<String, AttributeValue> item = new HashMap<>(claimKey(c.key()));
        item.put(KIND, s("claim"));
        put(item, "key", c.key());
        put(item, "requestHash", c.requestHash());
        put(item, "trackingId", c.trackingId());
        put(item, "status", c.status().name());
        put(item, "jobId", c.jobId());
        put(item, "namespace", c.namespace());
        put(item, "createdAt", c.createdAt());
        put(item, "leaseUntil", c.leaseUntil());
        item.put(EXPIRES_AT, epochSeconds(c.expiresAt()));
        return item;
    }

    static IdempotencyClaim toClaim(Map<String, AttributeValue> item) {
        return new IdempotencyClaim(
                str(item, "key"),
                str(item, "requestHash"),
                str(item, "trackingId"),
                ClaimStatus.valueOf(str(item, "status")),
                str(item, "jobId"),
                str(item, "namespace"),
                instant(item, "createdAt"),
                instant(item, "leaseUntil"),
                expiresAt(item));
    }

    static Map<String, AttributeValue> toItem(JobRecord j) {
        Map<String, AttributeValue> item = new HashMap<>(jobKey(j.jobId()));
        item.put(KIND, s("job"));
        put(item, "jobId", j.jobId());
        put(item, "namespace", j.namespace());
        put(item, "stage", j.stage());
        put(item, "flavor", j.flavor());
        if (!j.labels().isEmpty()) {
            item.put("labels", AttributeValue.fromM(j.labels().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> s(e.getValue())))));
        }
        put(item, "submittedAt", j.submittedAt());
        put(item, "source", j.source());
        put(item, "caller", j.caller());
        put(item, "idempotencyKey", j.idempotencyKey());
        put(item, "url", j.url());
        put(item, "trackingId", j.trackingId());
        put(item, "updatedAt", j.updatedAt());
        put(item, "stageMessage", j.stageMessage());
        item.put("version", AttributeValue.fromN(Long.toString(j.version())));
        if (j.expiresAt() != null) {
            item.put(EXPIRES_AT, epochSeconds(j.expiresAt()));
        }
        if (j.task() != null) {
            put(item, "taskToken", j.task().token());
            item.put("taskDone", AttributeValue.fromBool(j.task().done()));
            put(item, "taskPending", j.task().pending());
            if (!j.task().heartbeats()) {
                item.put("taskQuiet", AttributeValue.fromBool(true));
            }
        }
        // The sparse index holds a job only while it may still change stage.
        if (j.active()) {
            item.put(ACTIVE_PK, s(ACTIVE));
        }
        return item;
    }

    /** The record's item with the event that announces it, which the table's stream publishes. */
    static Map<String, AttributeValue> toItem(JobRecord j, OutboxEvent event) {
        Map<String, AttributeValue> item = toItem(j);
        item.put(OUTBOX, AttributeValue.fromM(Map.of("detailType", s(event.detailType()), "eventId",
                s(event.eventId()), "detail", s(event.detail()))));
        return item;
    }

    static JobRecord toJob(Map<String, AttributeValue> item) {
        return new JobRecord(
                str(item, "jobId"),
                str(item, "namespace"),
                str(item, "stage"),
                str(item, "flavor"),
                labels(item),
                instant(item, "submittedAt"),
                str(item, "source"),
                str(item, "caller"),
                str(item, "idempotencyKey"),
                str(item, "url"),
                str(item, "trackingId"),
                instant(item, "updatedAt"),
                str(item, "stageMessage"),
                Long.parseLong(item.get("version").n()),
                expiresAt(item),
                task(item));
    }

    private static TaskLink task(Map<String, AttributeValue> item) {
        String token = str(item, "taskToken");
        if (token == null) {
            return null;
        }
        AttributeValue done = item.get("taskDone");
        AttributeValue quiet = item.get("taskQuiet");
        return new TaskLink(token, done != null && Boolean.TRUE.equals(done.bool()), str(item, "taskPending"),
                quiet == null || !Boolean.TRUE.equals(quiet.bool()));
    }

    private static Map<String, String> labels(Map<String, AttributeValue> item) {
        return Optional.ofNullable(item.get("labels"))
                .map(v -> v.m().entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().s())))
                .orElse(Map.of());
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue s(Instant value) {
        return AttributeValue.fromS(value.toString());
    }

    static AttributeValue epochSeconds(Instant value) {
        return AttributeValue.fromN(Long.toString(value.getEpochSecond()));
    }

    private static void put(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    private static void put(Map<String, AttributeValue> item, String name, Instant value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        String value = str(item, name);
        return value == null ? null : Instant.parse(value);
    }

    private static Instant expiresAt(Map<String, AttributeValue> item) {
        AttributeValue value = item.get(EXPIRES_AT);
        return value == null ? null : Instant.ofEpochSecond(Long.parseLong(value.n()));
    }
}
