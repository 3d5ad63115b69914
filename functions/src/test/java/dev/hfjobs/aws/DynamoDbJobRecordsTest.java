package dev.hfjobs.aws;

import static dev.hfjobs.testing.Deadlines.soon;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hfjobs.store.JobRecord;
import dev.hfjobs.store.Page;
import dev.hfjobs.store.StoreUnavailableException;
import dev.hfjobs.store.TaskLink;
import dev.hfjobs.testing.MotoServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

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
