package dev.hfjobs.aws;

import static dev.hfjobs.testing.Deadlines.soon;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hfjobs.store.IdempotencyClaim;
import dev.hfjobs.store.JobRecord;
import dev.hfjobs.store.OutboxEvent;
import dev.hfjobs.store.Page;
import dev.hfjobs.store.StoreUnavailableException;
import dev.hfjobs.store.TaskLink;
import dev.hfjobs.testing.MotoServer;
import dev.hfjobs.testing.RequestCounter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

class DynamoDbJobRecordsTest {
    private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");

    private final MotoServer moto = MotoServer.get();
    private final DynamoDbClient dynamo = moto.aws().dynamoDb();
    private final String table = moto.createJobsTable();
    private final DynamoDbJobRecords store = new DynamoDbJobRecords(dynamo, table);

    private static JobRecord job(String jobId, String stage) {
        return new JobRecord(jobId, "my-org", stage, "a10g-small", Map.of("team", "ml", "hfjobs-tracking", "t-" + jobId),
                T0, "sqs", "arn:aws:iam::123456789012:role/pipeline", "idem-" + jobId,
                "https://huggingface.co/jobs/my-org/" + jobId, "t-" + jobId, T0, null, 0, null);
    }

    private Map<String, AttributeValue> rawItem(String jobId) {
        return dynamo.getItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS("job#" + jobId)))).item();
    }

    @Test
    void recordRoundTripsWithEveryField() {
        JobRecord job = job("68a1f0c2e4b0", "RUNNING").withStage("RUNNING", "pulling image", T0.plusSeconds(9))
                .withExpiresAt(Instant.parse("2025-06-01T00:00:00Z"));

        store.put(job, soon());

        assertThat(store.find("68a1f0c2e4b0", soon())).contains(job);
    }

    @Test
    void recordWithOnlyTheRequiredFieldsRoundTrips() {
        JobRecord minimal = new JobRecord("j-min", "ns", "SCHEDULING", null, null, null, null, null, null, null, null,
                null, null, 0, null);

        store.put(minimal, soon());

        assertThat(store.find("j-min", soon())).contains(minimal);
        assertThat(store.find("j-min", soon()).orElseThrow().labels()).isEmpty();
    }

    private static final OutboxEvent EVENT = new OutboxEvent("HF Job Submitted", "j:SUBMITTED", "{\"jobId\":\"j\"}");

    private static IdempotencyClaim doneClaim(String jobId) {
        return IdempotencyClaim.inProgress("key-" + jobId, "hash", "t-" + jobId, "my-org", T0, T0.plusSeconds(40),
                T0.plusSeconds(86_400)).done(jobId, "my-org");
    }

    @Test
    void createdJobIsStoredWithItsClaimDoneInOneCall() {
        RequestCounter counter = new RequestCounter();
        DynamoDbJobRecords counted = new DynamoDbJobRecords(moto.clients(counter).dynamoDb(), table);
        JobRecord job = job("j-created", "SCHEDULING");

        counted.putCreated(job, doneClaim("j-created"), EVENT, soon());

        assertThat(counted.find("j-created", soon())).contains(job);
        assertThat(new DynamoDbClaims(dynamo, table).find("key-j-created", soon())).contains(doneClaim("j-created"));
        assertThat(counter.count(BatchWriteItemRequest.class)).isEqualTo(1);
        assertThat(counter.count(PutItemRequest.class) + counter.count(UpdateItemRequest.class)).isZero();
        assertThat(dynamo.getItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS("job#j-created")))
                .consistentRead(true)).item().get("outbox").m()).isEqualTo(Map.of(
                "detailType", AttributeValue.fromS("HF Job Submitted"), "eventId", AttributeValue.fromS("j:SUBMITTED"),
                "detail", AttributeValue.fromS("{\"jobId\":\"j\"}")));
    }

    @Test
    void recordWithItsEventIsWrittenOnlyWhenMissingAndAStageUpdateDropsTheEvent() {
        JobRecord job = job("j-outbox", "SCHEDULING");
        store.put(job, EVENT, soon());
        store.put(job.withStage("RUNNING", "again", T0), new OutboxEvent("HF Job Submitted", "other", "{}"), soon());

        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS("job#j-outbox"))).consistentRead(true)).item();
        assertThat(item.get("stage").s()).isEqualTo("SCHEDULING");
        assertThat(item.get("outbox").m().get("eventId").s()).isEqualTo("j:SUBMITTED");

        assertThat(store.updateStage(job.withStage("RUNNING", null, T0), job.version(), soon())).isTrue();
        assertThat(dynamo.getItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS("job#j-outbox")))
                .consistentRead(true)).item()).doesNotContainKey("outbox");
    }

    @Test
    void jobsCreatedAtTheSameTimeShareAFewCalls() throws Exception {
        RequestCounter counter = new RequestCounter();
        DynamoDbJobRecords counted = new DynamoDbJobRecords(moto.clients(counter).dynamoDb(), table);
        List<Future<?>> writes = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 30; i++) {
                String id = "j-group-" + i;
                writes.add(threads.submit(() -> counted.putCreated(job(id, "SCHEDULING"), doneClaim(id), EVENT, soon())));
            }
        }
        for (Future<?> write : writes) {
            write.get();
        }

        IntStream.range(0, 30).forEach(i -> assertThat(store.find("j-group-" + i, soon())).isPresent());
        List<BatchWriteItemRequest> calls = counter.requests(BatchWriteItemRequest.class);
        assertThat(calls).allSatisfy(call -> assertThat(call.requestItems().get(table))
                .hasSizeLessThanOrEqualTo(DynamoDbJobRecords.MAX_BATCH_ITEMS));
        assertThat(calls.size()).as("60 items, 25 a call, grouped").isLessThan(30);
    }

    @Test
    void itemsLeftUnprocessedAreSentAgain() {
        // moto processes every item; this answers the first call's claim items as unprocessed, as
        // DynamoDB does under throttling.
        AtomicInteger calls = new AtomicInteger();
        ExecutionInterceptor unprocessedOnce = new ExecutionInterceptor() {
            @Override
            public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
                if (context.response() instanceof BatchWriteItemResponse response && calls.incrementAndGet() == 1) {
                    BatchWriteItemRequest request = (BatchWriteItemRequest) context.request();
                    List<WriteRequest> claims = request.requestItems().get(table).stream()
                            .filter(w -> w.putRequest().item().get("pk").s().startsWith("idem#")).toList();
                    return response.toBuilder().unprocessedItems(Map.of(table, claims)).build();
                }
                return context.response();
            }
        };
        DynamoDbJobRecords flaky = new DynamoDbJobRecords(moto.clients(unprocessedOnce).dynamoDb(), table);

        flaky.putCreated(job("j-unprocessed", "SCHEDULING"), doneClaim("j-unprocessed"), EVENT, soon());

        assertThat(calls).hasValue(2);
        assertThat(store.find("j-unprocessed", soon())).isPresent();
    }

    @Test
    void itemsStillUnprocessedAtTheDeadlineFailTheWrite() {
        ExecutionInterceptor neverProcessed = new ExecutionInterceptor() {
            @Override
            public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
                return context.response() instanceof BatchWriteItemResponse response
                        ? response.toBuilder().unprocessedItems(((BatchWriteItemRequest) context.request())
                                .requestItems()).build()
                        : context.response();
            }
        };
        DynamoDbJobRecords throttled = new DynamoDbJobRecords(moto.clients(neverProcessed).dynamoDb(), table);

        assertThatThrownBy(() -> throttled.putCreated(job("j-never", "SCHEDULING"), doneClaim("j-never"), EVENT, soon()))
                .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("j-never");
    }

    @Test
    void createdJobNeedsItsClaimDone() {
        IdempotencyClaim inProgress = IdempotencyClaim.inProgress("key", "hash", "t", "my-org", T0, T0, T0);

        assertThatThrownBy(() -> store.putCreated(job("j-x", "SCHEDULING"), inProgress, EVENT, soon()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.putCreated(job("j-x", "SCHEDULING"), doneClaim("j-other"), EVENT, soon()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownJobIsEmpty() {
        assertThat(store.find("nope", soon())).isEmpty();
    }

    @Test
    void secondPutOfTheSameJobLeavesTheFirst() {
        JobRecord first = job("j-1", "RUNNING");
        store.put(first, soon());

        store.put(job("j-1", "ERROR"), soon());

        assertThat(store.find("j-1", soon())).contains(first);
    }

    @Test
    void activeJobIsIndexedAndTerminalJobIsNot() {
        store.put(job("j-active", "RUNNING"), soon());
        store.put(job("j-done", "COMPLETED"), soon());

        assertThat(rawItem("j-active")).containsEntry("activePk", AttributeValue.fromS("ACTIVE"));
        assertThat(rawItem("j-done")).doesNotContainKey("activePk");
    }

    @Test
    void waitingTaskRoundTripsWithItsPendingCallback() {
        JobRecord waiting = job("j-task", "ERROR").withTask(TaskLink.waiting("AQCEtoken/+=").withPending(
                "{\"error\":\"HFJob.ERROR\",\"cause\":\"{}\"}"));

        store.put(waiting, soon());

        assertThat(store.find("j-task", soon())).contains(waiting);
        assertThat(waiting.toString()).doesNotContain("AQCEtoken").contains("sha256:");
    }

    @Test
    void endedJobStaysIndexedWhileItsTaskIsOwedACallback() {
        store.put(job("j-owed", "COMPLETED").withTask(TaskLink.waiting("AQCEowed")), soon());
        store.put(job("j-settled", "COMPLETED").withTask(TaskLink.waiting("AQCEsettled").finished()), soon());
        store.put(job("j-live", "RUNNING").withTask(TaskLink.waiting("AQCElive").finished()), soon());

        assertThat(rawItem("j-owed")).containsEntry("activePk", AttributeValue.fromS("ACTIVE"));
        assertThat(rawItem("j-settled")).doesNotContainKey("activePk");
        assertThat(rawItem("j-live")).containsEntry("activePk", AttributeValue.fromS("ACTIVE"));
    }

    @Test
    void updateStageWithTheExpectedVersionReplacesTheRecord() {
        JobRecord job = job("j-1", "RUNNING");
        store.put(job, soon());
        JobRecord completed = job.withStage("COMPLETED", "exit 0", T0.plusSeconds(600));

        assertThat(store.updateStage(completed, 0, soon())).isTrue();

        assertThat(store.find("j-1", soon())).contains(completed);
        assertThat(store.find("j-1", soon()).orElseThrow().version()).isEqualTo(1);
        assertThat(rawItem("j-1")).as("terminal jobs leave the active index").doesNotContainKey("activePk");
    }

    @Test
    void updateStageWithAStaleVersionIsRefused() {
        JobRecord job = job("j-1", "SCHEDULING");
        store.put(job, soon());
        JobRecord running = job.withStage("RUNNING", null, T0.plusSeconds(5));
        assertThat(store.updateStage(running, 0, soon())).isTrue();

        JobRecord staleWriter = job.withStage("ERROR", "boom", T0.plusSeconds(6));

        assertThat(store.updateStage(staleWriter, 0, soon())).isFalse();
        assertThat(store.find("j-1", soon())).contains(running);
    }

    @Test
    void updateStageOfAMissingJobIsRefused() {
        assertThat(store.updateStage(job("ghost", "RUNNING").withStage("COMPLETED", null, T0), 0, soon())).isFalse();
        assertThat(store.find("ghost", soon())).isEmpty();
    }

    @Test
    void updateStageNeedsTheNextVersion() {
        JobRecord job = job("j-1", "RUNNING");

        assertThatThrownBy(() -> store.updateStage(job, 0, soon())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void activeJobsPagesThroughEveryNonTerminalJobOnce() {
        List<String> expected = new ArrayList<>();
        IntStream.range(0, 120).forEach(i -> {
            String id = "job-%03d".formatted(i);
            JobRecord job = job(id, i % 10 == 3 ? "COMPLETED" : "RUNNING");
            store.put(job, soon());
            if (i % 10 == 7) {
                store.updateStage(job.withStage("CANCELED", null, T0.plusSeconds(i)), 0, soon());
            } else if (job.active()) {
                expected.add(id);
            }
        });

        List<String> seen = new ArrayList<>();
        int pages = 0;
        Optional<String> cursor = Optional.empty();
        do {
            Page<JobRecord> page = store.active(cursor, 25, soon());
            assertThat(page.items()).hasSizeLessThanOrEqualTo(25);
            page.items().forEach(j -> seen.add(j.jobId()));
            cursor = page.next();
            pages++;
        } while (cursor.isPresent() && pages < 20);

        assertThat(expected).hasSize(96);
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(pages).isBetween(4, 5);
    }

    @Test
    void activeJobsOfAnEmptyTableIsOneEmptyPage() {
        Page<JobRecord> page = store.active(Optional.empty(), 10, soon());

        assertThat(page.items()).isEmpty();
        assertThat(page.next()).isEmpty();
    }

    @Test
    void activeJobsReturnsWholeRecords() {
        JobRecord job = job("j-1", "RUNNING");
        store.put(job, soon());

        assertThat(store.active(Optional.empty(), 10, soon()).items()).containsExactly(job);
    }

    @Test
    void foreignCursorIsRefused() {
        for (String cursor : List.of("not base64 !", "e30", "eyJwayI6MX0", "bm90IGpzb24")) {
            assertThatThrownBy(() -> store.active(Optional.of(cursor), 10, soon()))
                    .as(cursor).isInstanceOf(IllegalArgumentException.class).hasMessage("invalid page cursor");
        }
    }

    @Test
    void cursorWithTextAfterItsKeyIsRefused() {
        for (int i = 0; i < 3; i++) {
            store.put(job("trail-" + i, "RUNNING"), soon());
        }
        String cursor = store.active(Optional.empty(), 1, soon()).next().orElseThrow();
        String key = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        String trailing = Base64.getUrlEncoder().withoutPadding()
                .encodeToString((key + " {}").getBytes(StandardCharsets.UTF_8));

        assertThat(store.active(Optional.of(cursor), 1, soon()).items()).hasSize(1);
        assertThatThrownBy(() -> store.active(Optional.of(trailing), 1, soon()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("invalid page cursor");
    }

    @Test
    void pageSizeOutsideOneToAThousandIsRefused() {
        assertThatThrownBy(() -> store.active(Optional.empty(), 0, soon())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.active(Optional.empty(), 1001, soon())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void createdTableHasTtlOnExpiresAtAndTheActiveIndex() {
        var ttl = dynamo.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription();
        var description = dynamo.describeTable(b -> b.tableName(table)).table();

        assertThat(ttl.attributeName()).isEqualTo("expiresAt");
        assertThat(ttl.timeToLiveStatus()).isIn(TimeToLiveStatus.ENABLED, TimeToLiveStatus.ENABLING);
        assertThat(description.globalSecondaryIndexes()).singleElement()
                .satisfies(index -> assertThat(index.indexName()).isEqualTo(DynamoDbTable.ACTIVE_INDEX));
        assertThat(description.billingModeSummary().billingModeAsString()).isEqualTo("PAY_PER_REQUEST");
    }

    @Test
    void unreachableStoreIsStoreUnavailable() {
        DynamoDbJobRecords broken = new DynamoDbJobRecords(dynamo, MotoServer.uniqueName("missing"));

        assertThatThrownBy(() -> broken.put(job("j", "RUNNING"), soon())).isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> broken.active(Optional.empty(), 10, soon())).isInstanceOf(StoreUnavailableException.class);
    }
}
