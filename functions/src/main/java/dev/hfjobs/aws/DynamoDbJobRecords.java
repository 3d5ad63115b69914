package dev.hfjobs.aws;

import dev.hfjobs.Deadline;
import dev.hfjobs.ports.GroupCommit;
import dev.hfjobs.store.ClaimStatus;
import dev.hfjobs.store.IdempotencyClaim;
import dev.hfjobs.store.JobRecord;
import dev.hfjobs.store.JobRecords;
import dev.hfjobs.store.OutboxEvent;
import dev.hfjobs.store.Page;
import dev.hfjobs.store.StoreUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * {@link JobRecords} on the jobs table: items {@code pk = "job#" + jobId}, {@code kind = "job"},
 * attributes {@code jobId, namespace, stage, flavor?, labels? (M of S), submittedAt?, source?,
 * caller?, idempotencyKey?, url?, trackingId?, updatedAt?, stageMessage?, version (N),
 * expiresAt?, outbox?}, and {@code activePk = "ACTIVE"} while the stage is not terminal, which puts the
 * record in the sparse {@code active} index the poller pages through. {@code outbox} (M) is the
 * event a new record carries for the table's stream ({@link OutboxEvent}); a stage update, which
 * rewrites the item, drops it.
 *
 * <p>{@link #putCreated} writes with {@code BatchWriteItem}, concurrent callers together (a queue
 * batch's jobs in one or two calls): 25 items a call, the items DynamoDB leaves unprocessed sent
 * again after a short pause while the deadline allows.
 */
public final class DynamoDbJobRecords implements JobRecords {
    static final int MAX_PAGE = 1000;
    /** DynamoDB's limit on a {@code BatchWriteItem}. */
    static final int MAX_BATCH_ITEMS = 25;
    private static final Duration FIRST_PAUSE = Duration.ofMillis(25);
    private static final int MAX_ROUNDS = 4;
    private static final Set<String> ACTIVE_INDEX_KEY = Set.of(Items.PK, Items.ACTIVE_PK, "jobId");

    /** A created job's two items; it is done when both are stored. */
    private record Created(Map<String, AttributeValue> record, Map<String, AttributeValue> claim) {}

    private final DynamoDbTable table;

    private final GroupCommit<Created> created = new GroupCommit<>(this::writeCreated);

    public DynamoDbJobRecords(DynamoDbClient client, String tableName) {
        this.table = new DynamoDbTable(client, tableName);
    }

    @Override
    public void put(JobRecord job, Deadline deadline) {
        putNew(Items.toItem(job), deadline);
    }

    @Override
    public void put(JobRecord job, OutboxEvent event, Deadline deadline) {
        putNew(Items.toItem(job, event), deadline);
    }

    private void putNew(Map<String, AttributeValue> item, Deadline deadline) {
        try {
            table.call("PutItem", deadline, (c, limits) -> c.putItem(b -> b.tableName(table.name())
                    .item(item)
                    .conditionExpression("attribute_not_exists(pk)")
                    .overrideConfiguration(limits)));
        } catch (ConditionalCheckFailedException e) {
            // Already recorded (a redelivered message, a retried request): the first record stands.
        }
    }

    @Override
    public void putCreated(JobRecord job, IdempotencyClaim done, OutboxEvent event, Deadline deadline) {
        if (done.status() != ClaimStatus.DONE || !job.jobId().equals(done.jobId())) {
            throw new IllegalArgumentException("the claim must be done, with the job's id");
        }
        if (!created.submit(List.of(new Created(Items.toItem(job, event), Items.toItem(done))), deadline).isEmpty()) {
            throw new StoreUnavailableException("DynamoDB BatchWriteItem on table " + table.name()
                    + " left job " + job.jobId() + " or its claim unstored");
        }
    }

    /**
     * Writes every created job's items, 25 a call; answers the jobs with an item not stored. No key
     * repeats within a call (DynamoDB would refuse the whole call): job ids are unique, and a claim
     * is held by one request at a time.
     */
    private List<Created> writeCreated(List<Created> jobs, Deadline deadline) {
        Map<WriteRequest, Created> owners = new IdentityHashMap<>();
        List<WriteRequest> pending = new ArrayList<>();
        for (Created job : jobs) {
            for (Map<String, AttributeValue> item : List.of(job.record(), job.claim())) {
                WriteRequest request = WriteRequest.builder().putRequest(PutRequest.builder().item(item).build())
                        .build();
                owners.put(request, job);
                pending.add(request);
            }
        }
        Set<Created> failed = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int from = 0; from < pending.size(); from += MAX_BATCH_ITEMS) {
            List<WriteRequest> chunk = pending.subList(from, Math.min(pending.size(), from + MAX_BATCH_ITEMS));
            try {
                unprocessed(chunk, deadline).forEach(request -> failed.add(owners.get(request)));
            } catch (StoreUnavailableException e) {
                chunk.forEach(request -> failed.add(owners.get(request)));
            }
        }
        return jobs.stream().filter(failed::contains).toList();
    }

    /**
     * Sends {@code requests} in rounds: the first whole, then what DynamoDB left unprocessed (it
     * answers with the very requests it was given), after pauses that double, while the deadline
     * allows; answers what is left.
     */
    private List<WriteRequest> unprocessed(List<WriteRequest> requests, Deadline deadline) {
        Map<WriteRequest, WriteRequest> byValue = new HashMap<>();
        requests.forEach(request -> byValue.put(request, request));
        List<WriteRequest> left = requests;
        Duration pause = FIRST_PAUSE;
        for (int round = 1; ; round++) {
            List<WriteRequest> sending = left;
            BatchWriteItemResponse response = table.call("BatchWriteItem", deadline, (c, limits) -> c.batchWriteItem(
                    b -> b.requestItems(Map.of(table.name(), sending)).overrideConfiguration(limits)));
            left = response.hasUnprocessedItems() ? response.unprocessedItems().getOrDefault(table.name(), List.of())
                    .stream().map(byValue::get).filter(Objects::nonNull).toList() : List.of();
            if (left.isEmpty() || round == MAX_ROUNDS || !deadline.allows(pause.plus(AwsCalls.MIN_CALL))
                    || !AwsCalls.pause(pause)) {
                return left;
            }
            pause = pause.multipliedBy(2);
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
