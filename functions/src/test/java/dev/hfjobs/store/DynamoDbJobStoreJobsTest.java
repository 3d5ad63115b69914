package dev.hfjobs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

class DynamoDbJobStoreJobsTest {
    private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");

    private final MotoServer moto = MotoServer.get();
    private final DynamoDbClient dynamo = moto.aws().dynamoDb();
    private final String table = moto.createJobsTable();
    private final DynamoDbJobStore store = new DynamoDbJobStore(dynamo, table);

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

        store.putJob(job);

        assertThat(store.findJob("68a1f0c2e4b0")).contains(job);
    }

    @Test
    void recordWithOnlyTheRequiredFieldsRoundTrips() {
        JobRecord minimal = new JobRecord("j-min", "ns", "SCHEDULING", null, null, null, null, null, null, null, null,
                null, null, 0, null);

        store.putJob(minimal);

        assertThat(store.findJob("j-min")).contains(minimal);
        assertThat(store.findJob("j-min").orElseThrow().labels()).isEmpty();
    }

    @Test
    void unknownJobIsEmpty() {
        assertThat(store.findJob("nope")).isEmpty();
    }

    @Test
    void secondPutOfTheSameJobLeavesTheFirst() {
        JobRecord first = job("j-1", "RUNNING");
        store.putJob(first);

        store.putJob(job("j-1", "ERROR"));

        assertThat(store.findJob("j-1")).contains(first);
    }

    @Test
    void activeJobIsIndexedAndTerminalJobIsNot() {
        store.putJob(job("j-active", "RUNNING"));
        store.putJob(job("j-done", "COMPLETED"));

        assertThat(rawItem("j-active")).containsEntry("activePk", AttributeValue.fromS("ACTIVE"));
        assertThat(rawItem("j-done")).doesNotContainKey("activePk");
    }

    @Test
    void updateStageWithTheExpectedVersionReplacesTheRecord() {
        JobRecord job = job("j-1", "RUNNING");
        store.putJob(job);
        JobRecord completed = job.withStage("COMPLETED", "exit 0", T0.plusSeconds(600));

        assertThat(store.updateStage(completed, 0)).isTrue();

        assertThat(store.findJob("j-1")).contains(completed);
        assertThat(store.findJob("j-1").orElseThrow().version()).isEqualTo(1);
        assertThat(rawItem("j-1")).as("terminal jobs leave the active index").doesNotContainKey("activePk");
    }

    @Test
    void updateStageWithAStaleVersionIsRefused() {
        JobRecord job = job("j-1", "SCHEDULING");
        store.putJob(job);
        JobRecord running = job.withStage("RUNNING", null, T0.plusSeconds(5));
        assertThat(store.updateStage(running, 0)).isTrue();

        JobRecord staleWriter = job.withStage("ERROR", "boom", T0.plusSeconds(6));

        assertThat(store.updateStage(staleWriter, 0)).isFalse();
        assertThat(store.findJob("j-1")).contains(running);
    }

    @Test
    void updateStageOfAMissingJobIsRefused() {
        assertThat(store.updateStage(job("ghost", "RUNNING").withStage("COMPLETED", null, T0), 0)).isFalse();
        assertThat(store.findJob("ghost")).isEmpty();
    }

    @Test
    void updateStageNeedsTheNextVersion() {
        JobRecord job = job("j-1", "RUNNING");

        assertThatThrownBy(() -> store.updateStage(job, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void activeJobsPagesThroughEveryNonTerminalJobOnce() {
        List<String> expected = new ArrayList<>();
        IntStream.range(0, 120).forEach(i -> {
            String id = "job-%03d".formatted(i);
            JobRecord job = job(id, i % 10 == 3 ? "COMPLETED" : "RUNNING");
            store.putJob(job);
            if (i % 10 == 7) {
                store.updateStage(job.withStage("CANCELED", null, T0.plusSeconds(i)), 0);
            } else if (job.active()) {
                expected.add(id);
            }
        });

        List<String> seen = new ArrayList<>();
        int pages = 0;
        Optional<String> cursor = Optional.empty();
        do {
            Page<JobRecord> page = store.activeJobs(cursor, 25);
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
        Page<JobRecord> page = store.activeJobs(Optional.empty(), 10);

        assertThat(page.items()).isEmpty();
        assertThat(page.next()).isEmpty();
    }

    @Test
    void activeJobsReturnsWholeRecords() {
        JobRecord job = job("j-1", "RUNNING");
        store.putJob(job);

        assertThat(store.activeJobs(Optional.empty(), 10).items()).containsExactly(job);
    }

    @Test
    void foreignCursorIsRefused() {
        for (String cursor : List.of("not base64 !", "e30", "eyJwayI6MX0", "bm90IGpzb24")) {
            assertThatThrownBy(() -> store.activeJobs(Optional.of(cursor), 10))
                    .as(cursor).isInstanceOf(IllegalArgumentException.class).hasMessage("invalid page cursor");
        }
    }

    @Test
    void pageSizeOutsideOneToAThousandIsRefused() {
        assertThatThrownBy(() -> store.activeJobs(Optional.empty(), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.activeJobs(Optional.empty(), 1001)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void createdTableHasTtlOnExpiresAtAndTheActiveIndex() {
        var ttl = dynamo.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription();
        var description = dynamo.describeTable(b -> b.tableName(table)).table();

        assertThat(ttl.attributeName()).isEqualTo("expiresAt");
        assertThat(ttl.timeToLiveStatus()).isIn(TimeToLiveStatus.ENABLED, TimeToLiveStatus.ENABLING);
        assertThat(description.globalSecondaryIndexes()).singleElement()
                .satisfies(index -> assertThat(index.indexName()).isEqualTo(DynamoDbJobStore.ACTIVE_INDEX));
        assertThat(description.billingModeSummary().billingModeAsString()).isEqualTo("PAY_PER_REQUEST");
    }

    @Test
    void unreachableStoreIsStoreUnavailable() {
        DynamoDbJobStore broken = new DynamoDbJobStore(dynamo, MotoServer.uniqueName("missing"));

        assertThatThrownBy(() -> broken.putJob(job("j", "RUNNING"))).isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> broken.activeJobs(Optional.empty(), 10)).isInstanceOf(StoreUnavailableException.class);
    }
}
