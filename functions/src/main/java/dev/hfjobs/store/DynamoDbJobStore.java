package dev.hfjobs.store;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * {@link JobStore} on one DynamoDB table, with the plain client and attribute maps (the enhanced
 * client's reflection costs cold start).
 *
 * <p>The table (the SAM template declares the same):
 * <ul>
 *   <li>partition key {@code pk} (S), no sort key; billing PAY_PER_REQUEST;
 *   <li>TTL on {@code expiresAt} (N, epoch seconds);
 *   <li>idempotency claims: {@code pk = "idem#" + key}, {@code kind = "claim"}, attributes
 *       {@code key, requestHash, trackingId, status (IN_PROGRESS|DONE), jobId?, namespace?,
 *       createdAt, leaseUntil} (instants as ISO-8601 S), {@code expiresAt};
 *   <li>job records: {@code pk = "job#" + jobId}, {@code kind = "job"}, attributes
 *       {@code jobId, namespace, stage, flavor?, labels? (M of S), submittedAt?, source?, caller?,
 *       idempotencyKey?, url?, trackingId?, updatedAt?, stageMessage?, version (N), expiresAt?},
 *       and {@code activePk = "ACTIVE"} only while the stage is not terminal;
 *   <li>global secondary index {@code active}: partition key {@code activePk} (S), sort key
 *       {@code jobId} (S), projection ALL. Sparse: it holds exactly the non-terminal jobs, which
 *       is what the status poller pages through.
 * </ul>
 */
public final class DynamoDbJobStore implements JobStore {
    /** The sparse index of non-terminal jobs. */
    public static final String ACTIVE_INDEX = "active";
    static final int MAX_PAGE = 1000;
    private static final int CLAIM_ROUNDS = 3;
    private static final Set<String> ACTIVE_INDEX_KEY = Set.of(Items.PK, Items.ACTIVE_PK, "jobId");

    private final DynamoDbClient client;
    private final String table;

    public DynamoDbJobStore(DynamoDbClient client, String tableName) {
        this.client = Objects.requireNonNull(client, "client");
        this.table = Objects.requireNonNull(tableName, "tableName");
    }

    /**
     * Creates the table described above and waits until it is active (tests and the local stack;
     * production tables come from the SAM template).
     */
    public static void createTable(DynamoDbClient client, String tableName) {
        client.createTable(b -> b.tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        a -> a.attributeName(Items.PK).attributeType(ScalarAttributeType.S),
                        a -> a.attributeName(Items.ACTIVE_PK).attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("jobId").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName(Items.PK).keyType(KeyType.HASH))
                .globalSecondaryIndexes(g -> g.indexName(ACTIVE_INDEX)
                        .keySchema(
                                k -> k.attributeName(Items.ACTIVE_PK).keyType(KeyType.HASH),
                                k -> k.attributeName("jobId").keyType(KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.ALL))));
        try (DynamoDbWaiter waiter = DynamoDbWaiter.builder().client(client).build()) {
            waiter.waitUntilTableExists(b -> b.tableName(tableName));
        }
        client.updateTimeToLive(b -> b.tableName(tableName)
                .timeToLiveSpecification(t -> t.attributeName(Items.EXPIRES_AT).enabled(true)));
    }

    @Override
    public ClaimOutcome claim(IdempotencyClaim fresh, Instant now) {
        if (fresh.status() != ClaimStatus.IN_PROGRESS) {
            throw new IllegalArgumentException("a fresh claim must be IN_PROGRESS");
        }
        for (int round = 0; round < CLAIM_ROUNDS; round++) {
            Optional<IdempotencyClaim> existing;
            try {
                createClaim(fresh);
                return new ClaimOutcome.Claimed(fresh);
            } catch (ConditionalCheckFailedException e) {
                existing = current(e, fresh.key());
            }
            if (existing.isPresent() && !existing.get().leaseExpiredAt(now)) {
                return new ClaimOutcome.Held(existing.get());
            }
            Optional<ClaimOutcome> outcome = existing.flatMap(stale -> takeOver(stale, fresh));
            if (outcome.isPresent()) {
                return outcome.get();
            }
            // The claim vanished between two calls (released or expired): try to create it again.
        }
        throw new StoreUnavailableException("the claim on key " + fresh.key() + " in table " + table + " kept changing");
    }

    private void createClaim(IdempotencyClaim fresh) {
        call("PutItem", () -> client.putItem(b -> b.tableName(table)
                .item(Items.toItem(fresh))
                .conditionExpression("attribute_not_exists(pk)")
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
    }

    /**
     * Takes over {@code stale} if its lease is still the one read: {@code TakenOver}, or
     * {@code Held} by whoever won the race. Empty when the claim is gone by now.
     */
    private Optional<ClaimOutcome> takeOver(IdempotencyClaim stale, IdempotencyClaim fresh) {
        try {
            var response = call("UpdateItem", () -> client.updateItem(b -> b.tableName(table)
                    .key(Items.claimKey(stale.key()))
                    .updateExpression("SET leaseUntil = :newLease, expiresAt = :expiresAt")
                    .conditionExpression("#status = :inProgress AND leaseUntil = :oldLease")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(
                            ":newLease", Items.s(fresh.leaseUntil()),
                            ":expiresAt", Items.epochSeconds(fresh.expiresAt()),
                            ":inProgress", Items.s(ClaimStatus.IN_PROGRESS.name()),
                            ":oldLease", Items.s(stale.leaseUntil())))
                    .returnValues(ReturnValue.ALL_NEW)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
            return Optional.of(new ClaimOutcome.TakenOver(Items.toClaim(response.attributes())));
        } catch (ConditionalCheckFailedException e) {
            return current(e, stale.key()).map(ClaimOutcome.Held::new);
        }
    }

    /**
     * The claim a failed condition met: the item DynamoDB returned with the failure (what the
     * condition was evaluated against), else a strongly consistent read; empty when it is gone.
     */
    private Optional<IdempotencyClaim> current(ConditionalCheckFailedException e, String key) {
        return e.hasItem() && !e.item().isEmpty() ? Optional.of(Items.toClaim(e.item())) : findClaim(key);
    }

    @Override
    public void complete(String key, String trackingId, String jobId, String namespace, Instant expiresAt) {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(namespace, "namespace");
        try {
            call("UpdateItem", () -> client.updateItem(b -> b.tableName(table)
                    .key(Items.claimKey(key))
                    .updateExpression("SET #status = :done, jobId = :jobId, #namespace = :namespace, expiresAt = :expiresAt")
                    .conditionExpression("trackingId = :trackingId")
                    .expressionAttributeNames(Map.of("#status", "status", "#namespace", "namespace"))
                    .expressionAttributeValues(Map.of(
                            ":done", Items.s(ClaimStatus.DONE.name()),
                            ":jobId", Items.s(jobId),
                            ":namespace", Items.s(namespace),
                            ":expiresAt", Items.epochSeconds(expiresAt),
                            ":trackingId", Items.s(trackingId)))));
        } catch (ConditionalCheckFailedException e) {
            throw new ClaimLostException(
                    "the claim on key " + key + " is no longer held by tracking id " + trackingId);
        }
    }

    @Override
    public void release(String key, String trackingId) {
        try {
            call("DeleteItem", () -> client.deleteItem(b -> b.tableName(table)
                    .key(Items.claimKey(key))
                    .conditionExpression("#status = :inProgress AND trackingId = :trackingId")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(
                            ":inProgress", Items.s(ClaimStatus.IN_PROGRESS.name()),
                            ":trackingId", Items.s(trackingId)))));
        } catch (ConditionalCheckFailedException e) {
            // Already gone, done, or someone else's: nothing of ours to release.
        }
    }

    @Override
    public Optional<IdempotencyClaim> findClaim(String key) {
        return getItem(Items.claimKey(key)).map(Items::toClaim);
    }

    @Override
    public boolean extendLease(String key, String trackingId, Instant leaseUntil) {
        try {
            call("UpdateItem", () -> client.updateItem(b -> b.tableName(table)
                    .key(Items.claimKey(key))
                    .updateExpression("SET leaseUntil = :leaseUntil")
                    .conditionExpression("#status = :inProgress AND trackingId = :trackingId")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(
                            ":leaseUntil", Items.s(leaseUntil),
                            ":inProgress", Items.s(ClaimStatus.IN_PROGRESS.name()),
                            ":trackingId", Items.s(trackingId)))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void putJob(JobRecord job) {
        try {
            call("PutItem", () -> client.putItem(b -> b.tableName(table)
                    .item(Items.toItem(job))
                    .conditionExpression("attribute_not_exists(pk)")));
        } catch (ConditionalCheckFailedException e) {
            // Already recorded (a redelivered message, a retried request): the first record stands.
        }
    }

    @Override
    public Optional<JobRecord> findJob(String jobId) {
        return getItem(Items.jobKey(jobId)).map(Items::toJob);
    }

    @Override
    public boolean updateStage(JobRecord updated, long expectedVersion) {
        if (updated.version() != expectedVersion + 1) {
            throw new IllegalArgumentException("the updated record's version must be " + (expectedVersion + 1)
                    + ", was " + updated.version());
        }
        try {
            call("PutItem", () -> client.putItem(b -> b.tableName(table)
                    .item(Items.toItem(updated))
                    .conditionExpression("#version = :expected")
                    .expressionAttributeNames(Map.of("#version", "version"))
                    .expressionAttributeValues(Map.of(
                            ":expected", AttributeValue.fromN(Long.toString(expectedVersion))))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public Page<JobRecord> activeJobs(Optional<String> cursor, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_PAGE + ", was " + limit);
        }
        Map<String, AttributeValue> startKey = cursor.map(c -> Cursors.decode(c, ACTIVE_INDEX_KEY)).orElse(null);
        QueryResponse response = call("Query", () -> client.query(b -> b.tableName(table)
                .indexName(ACTIVE_INDEX)
                .keyConditionExpression("activePk = :active")
                .expressionAttributeValues(Map.of(":active", Items.s(Items.ACTIVE)))
                .exclusiveStartKey(startKey)
                .limit(limit)));
        Optional<String> next = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                ? Optional.of(Cursors.encode(response.lastEvaluatedKey()))
                : Optional.empty();
        return new Page<>(response.items().stream().map(Items::toJob).toList(), next);
    }

    @Override
    public Optional<Document> document(String name) {
        return getItem(Map.of(Items.PK, Items.s("doc#" + name))).map(item -> new Document(name,
                item.get("json").s(), Instant.parse(item.get("updatedAt").s())));
    }

    @Override
    public void putDocument(Document document) {
        call("PutItem", () -> client.putItem(b -> b.tableName(table).item(Map.of(
                Items.PK, Items.s("doc#" + document.name()),
                "kind", Items.s("document"),
                "json", Items.s(document.json()),
                "updatedAt", Items.s(document.updatedAt().toString())))));
    }

    @Override
    public boolean acquireLease(String name, String owner, Instant until, Instant now) {
        try {
            call("PutItem", () -> client.putItem(b -> b.tableName(table)
                    .item(Map.of(Items.PK, Items.s("lease#" + name), "kind", Items.s("lease"),
                            // Epoch millis: ISO strings with different fraction digits do not sort by time.
                            "owner", Items.s(owner), "leaseUntilMs", AttributeValue.fromN(Long.toString(until.toEpochMilli())),
                            "expiresAt", AttributeValue.fromN(Long.toString(until.plusSeconds(3600).getEpochSecond()))))
                    .conditionExpression("attribute_not_exists(pk) OR leaseUntilMs < :now OR #owner = :owner")
                    .expressionAttributeNames(Map.of("#owner", "owner"))
                    .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(Long.toString(now.toEpochMilli())),
                            ":owner", Items.s(owner)))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void releaseLease(String name, String owner) {
        try {
            call("DeleteItem", () -> client.deleteItem(b -> b.tableName(table)
                    .key(Map.of(Items.PK, Items.s("lease#" + name)))
                    .conditionExpression("#owner = :owner")
                    .expressionAttributeNames(Map.of("#owner", "owner"))
                    .expressionAttributeValues(Map.of(":owner", Items.s(owner)))));
        } catch (ConditionalCheckFailedException e) {
            // Someone else holds it now (ours had expired): leave theirs alone.
        }
    }

    private Optional<Map<String, AttributeValue>> getItem(Map<String, AttributeValue> key) {
        var response = call("GetItem", () -> client.getItem(b -> b.tableName(table).key(key).consistentRead(true)));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(response.item()) : Optional.empty();
    }

    /**
     * Runs one DynamoDB call. A failed condition goes through to the caller, which expects it; any
     * other SDK failure (after the SDK's own retries) becomes a {@link StoreUnavailableException}.
     */
    private <T> T call(String operation, Supplier<T> action) {
        try {
            return action.get();
        } catch (ConditionalCheckFailedException e) {
            throw e;
        } catch (SdkException e) {
            throw new StoreUnavailableException(
                    "DynamoDB " + operation + " on table " + table + " failed: " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public String toString() {
        return "DynamoDbJobStore[" + table + "]";
    }
}
