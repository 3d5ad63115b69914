package dev.hfjobs.aws;

import dev.hfjobs.Deadline;
import dev.hfjobs.store.JobRecord;
import dev.hfjobs.store.JobRecords;
import dev.hfjobs.store.Page;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * {@link JobRecords} on the jobs table: items {@code pk = "job#" + jobId}, {@code kind = "job"},
 * attributes {@code jobId, namespace, stage, flavor?, labels? (M of S), submittedAt?, source?,
 * caller?, idempotencyKey?, url?, trackingId?, updatedAt?, stageMessage?, version (N),
 * expiresAt?}, and {@code activePk = "ACTIVE"} while the stage is not terminal, which puts the
 * record in the sparse {@code active} index the poller pages through.
 */
public final class DynamoDbJobRecords implements JobRecords {
    static final int MAX_PAGE = 1000;
    private static final Set<String> ACTIVE_INDEX_KEY = Set.of(Items.PK, Items.ACTIVE_PK, "jobId");

    private final DynamoDbTable table;

    public DynamoDbJobRecords(DynamoDbClient client, String tableName) {
        this.table = new DynamoDbTable(client, tableName);
    }

    @Override
    public void put(JobRecord job, Deadline deadline) {
        try {
            table.call("PutItem", deadline, (c, limits) -> c.putItem(b -> b.tableName(table.name())
                    .item(Items.toItem(job))
                    .conditionExpression("attribute_not_exists(pk)")
                    .overrideConfiguration(limits)));
        } catch (ConditionalCheckFailedException e) {
            // Already recorded (a redelivered message, a retried request): the first record stands.
        }
    }

    @Override
    public Optional<JobRecord> find(String jobId, Deadline deadline) {
        return table.getItem(Items.jobKey(jobId), deadline).map(Items::toJob);
    }

    @Override
    public boolean updateStage(JobRecord updated, long expectedVersion, Deadline deadline) {
        if (updated.version() != expectedVersion + 1) {
            throw new IllegalArgumentException("the updated record's version must be " + (expectedVersion + 1)
                    + ", was " + updated.version());
        }
        try {
            table.call("PutItem", deadline, (c, limits) -> c.putItem(b -> b.tableName(table.name())
                    .item(Items.toItem(updated))
                    .conditionExpression("#version = :expected")
                    .expressionAttributeNames(Map.of("#version", "version"))
                    .expressionAttributeValues(Map.of(
                            ":expected", AttributeValue.fromN(Long.toString(expectedVersion))))
                    .overrideConfiguration(limits)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public Page<JobRecord> active(Optional<String> cursor, int limit, Deadline deadline) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_PAGE + ", was " + limit);
        }
        Map<String, AttributeValue> startKey = cursor.map(c -> StoreCursors.decode(c, ACTIVE_INDEX_KEY)).orElse(null);
        QueryResponse response = table.call("Query", deadline, (c, limits) -> c.query(b -> b.tableName(table.name())
                .indexName(DynamoDbTable.ACTIVE_INDEX)
                .keyConditionExpression("activePk = :active")
                .expressionAttributeValues(Map.of(":active", Items.s(Items.ACTIVE)))
                .exclusiveStartKey(startKey)
                .limit(limit)
                .overrideConfiguration(limits)));
        Optional<String> next = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                ? Optional.of(StoreCursors.encode(response.lastEvaluatedKey()))
                : Optional.empty();
        return new Page<>(response.items().stream().map(Items::toJob).toList(), next);
    }

    @Override
    public String toString() {
        return "DynamoDbJobRecords[" + table.name() + "]";
    }
}
