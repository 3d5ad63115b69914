package dev.hfjobs.robust;

import static dev.hfjobs.testing.Deadlines.soon;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.Deadline;
import dev.hfjobs.Once;
import dev.hfjobs.devstack.TableStream;
import dev.hfjobs.emulator.HfJobsEmulator;
import dev.hfjobs.emulator.JobSnapshot;
import dev.hfjobs.model.Wire;
import dev.hfjobs.outbox.EventOutboxFunction;
import dev.hfjobs.poller.PollReport;
import dev.hfjobs.poller.PollerSettings;
import dev.hfjobs.poller.StateChangeEvents;
import dev.hfjobs.poller.StatusPoller;
import dev.hfjobs.ports.EventPublisher;
import dev.hfjobs.queue.QueueSubmitFunction;
import dev.hfjobs.submit.SubmitEvents;
import dev.hfjobs.testing.FlakyPublisher;
import dev.hfjobs.testing.TestStack;
import dev.hfjobs.wiring.Wiring;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Faults on every dependency, counted: the Hub (429 storms, 5xx bursts, answers slower than the
 * deadline, connections dropped after a create, malformed answers), Secrets Manager, DynamoDB and
 * EventBridge. After each, re-delivery as SQS (or the caller) would do it ends with exactly one job
 * per request, nothing lost and every submission event published.
 */
class FaultsTest {
    static final long START = System.nanoTime();
    static final AtomicInteger FAULTS = new AtomicInteger();
    static final AtomicInteger REQUESTS = new AtomicInteger();
    static final AtomicInteger JOBS = new AtomicInteger();

    TestStack stack;
    HfJobsEmulator hub;
    List<ObjectNode> down;

    @BeforeEach
    void setUp() {
        stack = TestStack.create();
        hub = TestStack.hub();
    }

    @AfterEach
    void noLeak() {
        Robust.scanTable(stack);
        stack.assertNoSecretLeaked();
        stack.close();
    }

    @AfterAll
    static void summary() {
        System.out.printf("ROBUST faults: %d faults injected over %d requests; %d jobs expected and found, 0 duplicates,"
                + " 0 lost, 0 leaks; %d ms%n", FAULTS.get(), REQUESTS.get(), JOBS.get(),
                (System.nanoTime() - START) / 1_000_000);
    }

    /** Delivers the messages as SQS would until none is reported failed; returns the deliveries made. */
    int deliverUntilDone(QueueSubmitFunction function, List<ObjectNode> records, int seconds, int maxRounds) {
        List<ObjectNode> pending = new ArrayList<>(records);
        int rounds = 0;
        while (!pending.isEmpty()) {
            assertThat(rounds++).as("deliveries before every message was done").isLessThan(maxRounds);
            String response = stack.saw(Robust.invoke(function, Wire.write(Robust.batch(pending)), seconds));
            Robust.assertClean(response);
            Set<String> failed = Set.copyOf(Robust.failedIds(response));
            pending = pending.stream().filter(r -> failed.contains(r.path("messageId").asText())).toList();
            if (!pending.isEmpty()) {
                sleep(200);
            }
        }
        return rounds;
    }

    List<ObjectNode> messages(String prefix, int count) {
        List<ObjectNode> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = prefix + "-" + i;
            records.add(Robust.record(id, BadRequests.with("labels", "{\"msg\": \"" + id + "\"}"), null));
        }
        REQUESTS.addAndGet(count);
        return records;
    }

    /** Exactly one job per message, with unique tracking labels, and one Submitted event for each. */
    void assertOneJobEach(List<ObjectNode> records) {
        assertOneJobEach(records, false);
    }

    /**
     * Exactly one job per message, with unique tracking labels, and a Submitted event for each; with
     * {@code eventsMayRepeat}, a job whose recording failed after its event went out has its event
     * sent again (at least once, same eventId), which is what consumers dedupe on.
     */
    void assertOneJobEach(List<ObjectNode> records, boolean eventsMayRepeat) {
        List<JobSnapshot> jobs = hub.jobs();
        Set<String> tracking = new HashSet<>();
        jobs.forEach(j -> assertThat(tracking.add(j.labels().get("hfjobs-tracking"))).isTrue());
        assertThat(jobs).extracting(j -> j.labels().get("msg")).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(records.stream().map(r -> r.path("messageId").asText()).toList());
        List<JsonNode> events = new ArrayList<>(stack.events(records.size(), Duration.ofSeconds(10)));
        if (eventsMayRepeat) {
            events.addAll(stack.events(Integer.MAX_VALUE, Duration.ofSeconds(2)));
        }
        List<JsonNode> submitted = events.stream()
                .filter(e -> e.path("detail-type").asText().equals(SubmitEvents.SUBMITTED)).toList();
        assertThat(submitted.stream().map(e -> e.at("/detail/jobId").asText()).distinct().toList())
                .containsExactlyInAnyOrderElementsOf(jobs.stream().map(JobSnapshot::id).toList());
        if (eventsMayRepeat) {
            Map<String, Set<String>> idsPerJob = new HashMap<>();
            submitted.forEach(e -> idsPerJob.computeIfAbsent(e.at("/detail/jobId").asText(), k -> new HashSet<>())
                    .add(e.at("/detail/eventId").asText()));
            assertThat(idsPerJob.values()).as("one eventId per job, however often it was sent").allSatisfy(
                    ids -> assertThat(ids).hasSize(1));
        } else {
            assertThat(submitted).hasSameSizeAs(jobs);
        }
        assertThat(stack.deadLetters()).isEmpty();
        JOBS.addAndGet(jobs.size());
    }

    /**
     * With a dependency down: five queued messages are all reported failed (so SQS retries them),
     * a submit through the API gets a clean 5xx, and nothing reaches the Hub. Returns the queue
     * handler (the container) that saw it.
     */
    QueueSubmitFunction downThenBack(String prefix, Supplier<Wiring> wiring) {
        QueueSubmitFunction queue = Robust.queue(wiring);
        down = messages(prefix, 5);
        String response = stack.saw(Robust.invoke(queue, Wire.write(Robust.batch(down)), 30));
        assertThat(Robust.failedIds(response)).hasSize(5);
        String answer = stack.saw(Robust.invoke(Robust.api(wiring), Wire.write(Robust.http("POST", "/jobs", "",
                BadRequests.VALID, Map.of("idempotency-key", prefix + "-api"))), 30));
        Robust.assertClean(answer);
        assertThat(Wire.parse(answer).path("statusCode").asInt()).isBetween(500, 599);
        assertThat(Robust.posts(hub)).isZero();
        return queue;
    }

    /** Once the dependency is back, the retried messages end as one job each. */
    void recovered(QueueSubmitFunction queue) {
        deliverUntilDone(queue, down, 30, 5);
        assertOneJobEach(down);
    }

    @Test
    void hub429StormThenQueueRetriesUntilEachMessageIsOneJob() {
        hub.rateLimitNext(60, 1);
        FAULTS.addAndGet(60);
        List<ObjectNode> records = messages("storm", 10);
        deliverUntilDone(Robust.queue(stack::wiring), records, 30, 40);
        assertOneJobEach(records);
    }

    @Test
    void hub5xxBurstOnPostAndListIsRetriedWithoutDuplicates() {
        hub.failNext("POST", "^/api/jobs/alice$", 25, 503);
        hub.failNext("GET", "^/api/jobs/alice$", 5, 502);
        hub.failNext("POST", "^/api/jobs/alice$", 3, 500);
        FAULTS.addAndGet(33);
        List<ObjectNode> records = messages("burst", 10);
        deliverUntilDone(Robust.queue(stack::wiring), records, 30, 40);
        assertOneJobEach(records);
    }

    @Test
    void connectionsDroppedAfterCreateAreFoundByTheirTrackingLabel() {
        hub.dropAfterCreate(10);
        FAULTS.addAndGet(10);
        List<ObjectNode> records = messages("dropped", 10);
        deliverUntilDone(Robust.queue(stack::wiring), records, 30, 10);
        assertThat(hub.createdJobCount()).isEqualTo(10);
        assertOneJobEach(records);
    }

    @Test
    void malformedHubAnswersAfterCreateDoNotDuplicate() {
        hub.malformedNext(6);
        FAULTS.addAndGet(6);
        List<ObjectNode> records = messages("malformed", 6);
        deliverUntilDone(Robust.queue(stack::wiring), records, 30, 10);
        assertOneJobEach(records);
    }

    @Test
    void answersSlowerThanTheDeadlineAreReconciledOnRedelivery() {
        hub.latency(Duration.ofMillis(4_000));
        FAULTS.addAndGet(3);
        List<ObjectNode> records = messages("slow", 3);
        QueueSubmitFunction function = Robust.queue(stack::wiring);
        // 5 s left, 2 s kept back: the create is still pending when the deadline passes.
        String response = stack.saw(Robust.invoke(function, Wire.write(Robust.batch(records)), 5));
        assertThat(Robust.failedIds(response)).hasSize(3);
        hub.latency(Duration.ZERO);
        sleep(4_500); // the jobs the slow POSTs created now exist; the leases ran out
        deliverUntilDone(function, records, 30, 10);
        assertOneJobEach(records);
    }

    @Test
    void secretsManagerUnavailableLosesNothing() {
        String realSecret = stack.env.get("HF_TOKEN_SECRET_ID");
        stack.env.put("HF_TOKEN_SECRET_ID", "hf-jobs/no-such-secret");
        FAULTS.addAndGet(2);
        downThenBack("nosecret", stack::wiring);
        stack.env.put("HF_TOKEN_SECRET_ID", realSecret);
        recovered(Robust.queue(stack::wiring));
    }

    @Test
    void dynamoDbUnavailableLosesNothing() {
        String realTable = stack.env.get("JOBS_TABLE_NAME");
        stack.env.put("JOBS_TABLE_NAME", "no-such-table");
        FAULTS.addAndGet(2);
        downThenBack("notable", stack::wiring);
        stack.env.put("JOBS_TABLE_NAME", realTable);
        recovered(Robust.queue(stack::wiring));
    }

    @Test
    void secretsManagerUnreachableIsRetriedAndTheSameContainerRecovers() {
        SdkFaults faults = SdkFaults.unreachable("secretsmanager");
        QueueSubmitFunction queue = downThenBack("unreachable",
                () -> Wiring.fromEnvironment(stack.env, stack.moto.clients(faults)));
        assertThat(faults.injected()).isPositive();
        FAULTS.addAndGet(faults.injected());
        faults.heal();
        recovered(queue);
    }

    @Test
    void dynamoDbThrottledAfterTheHubCreatedTheJobsStillEndsWithOneJobEach() {
        // Claims go through (PutItem); completing them (BatchWriteItem with the record, UpdateItem on a
        // repair) is throttled, so the Hub has the jobs but the table does not know: the messages are
        // retried, wait out their leases, then find their jobs by tracking label instead of posting again.
        SdkFaults faults = SdkFaults.throttled(request -> request instanceof BatchWriteItemRequest
                || request instanceof UpdateItemRequest);
        Supplier<Wiring> wiring = () -> Wiring.fromEnvironment(stack.env, stack.moto.clients(faults));
        QueueSubmitFunction queue = Robust.queue(wiring);
        List<ObjectNode> records = messages("throttled", 5);

        long started = System.nanoTime();
        String response = stack.saw(Robust.invoke(queue, Wire.write(Robust.batch(records)), 6));
        // Within the Lambda's 6 s: the SDK's throttling retries are bounded, else Lambda times the
        // batch out instead of getting an answer.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(6));
        Robust.assertClean(response);
        assertThat(Robust.failedIds(response)).hasSize(5);
        assertThat(hub.jobs()).hasSize(5);
        FAULTS.addAndGet(faults.injected());

        faults.heal();
        deliverUntilDone(queue, records, 6, 150);
        assertThat(Robust.posts(hub)).isEqualTo(5);
        assertOneJobEach(records, true);
    }

    @Test
    void pollerUnderThrottledWritesAndFailedPublishesLosesNoStateChange() {
        List<ObjectNode> records = messages("polled", 12);
        deliverUntilDone(Robust.queue(stack::wiring), records, 30, 5);
        assertOneJobEach(records);
        List<JobSnapshot> jobs = hub.jobs();
        Map<String, String> expected = new HashMap<>();
        for (int i = 0; i < jobs.size(); i++) {
            String stage = i % 2 == 0 ? "RUNNING" : "COMPLETED";
            hub.setStage(jobs.get(i).id(), stage, null);
            expected.put(jobs.get(i).id(), stage);
        }
        SdkFaults throttled = SdkFaults.throttled(request -> request instanceof PutItemRequest put
                && put.item().get("pk").s().startsWith("job#"));
        Wiring faulty = Wiring.fromEnvironment(stack.env, stack.moto.clients(throttled));
        EventPublisher flaky = new FlakyPublisher(faulty.events(), 5);

        PollReport first = stack.saw(StatusPoller.of(faulty.withEvents(flaky), PollerSettings.DEFAULT)
                .run(Deadline.after(Duration.ofSeconds(30))));
        assertThat(first.changes()).isEqualTo(12);
        assertThat(first.unpublished()).isEqualTo(5);
        FAULTS.addAndGet(throttled.injected() + 5);
        REQUESTS.addAndGet(12);

        Wiring healthy = stack.wiring();
        StatusPoller poller = StatusPoller.of(healthy, PollerSettings.DEFAULT);
        int runs = 0;
        while (stack.saw(poller.run(Deadline.after(Duration.ofSeconds(30)))).changes() > 0) {
            assertThat(++runs).as("poller runs until every change is recorded").isLessThan(5);
        }

        expected.forEach((id, stage) -> assertThat(healthy.jobs().find(id, soon()).orElseThrow().stage()).isEqualTo(stage));
        List<JsonNode> changes = stack.events(Integer.MAX_VALUE, Duration.ofSeconds(3)).stream()
                .filter(e -> e.path("detail-type").asText().equals(StateChangeEvents.STATE_CHANGE)).toList();
        Map<String, Set<String>> published = new HashMap<>();
        changes.forEach(e -> published.computeIfAbsent(e.at("/detail/jobId").asText(), k -> new HashSet<>())
                .add(e.at("/detail/stage").asText() + "|" + e.at("/detail/eventId").asText()));
        expected.forEach((id, stage) -> assertThat(published.get(id)).as("state changes of " + id)
                .containsExactly(stage + "|" + id + ":" + stage));
    }

    @Test
    void eventBridgePartialFailuresAreRetriedUntilEverySubmissionIsPublished() {
        stack.outbox.stop();
        FAULTS.addAndGet(7);
        EventPublisher failingSeven = new FlakyPublisher(stack.wiring().events(), 7);
        Supplier<Wiring> flaky = () -> stack.wiring().withEvents(failingSeven);
        List<ObjectNode> records = messages("events", 10);
        assertThat(deliverUntilDone(Robust.queue(flaky), records, 30, 1)).as("the submits never wait for EventBridge")
                .isEqualTo(1);

        // The table's stream through the outbox function, retried from the first record it reports
        // failed, as the event source mapping retries a stream batch.
        List<ObjectNode> pending = stack.moto.stream(stack.streamArn()).read(TableStream.OUTBOX_INSERTS, 100);
        assertThat(pending).hasSize(10);
        EventOutboxFunction outbox = Robust.outbox(flaky);
        int rounds = 0;
        while (!pending.isEmpty()) {
            assertThat(rounds++).as("outbox invocations before every event was published").isLessThan(10);
            Set<String> failed = Set.copyOf(Robust.parse(stack.saw(Robust.invoke(outbox,
                    Wire.write(TableStream.event(pending)), 30))).findValuesAsText("itemIdentifier"));
            int first = 0;
            while (first < pending.size() && !failed.contains(pending.get(first).at("/dynamodb/SequenceNumber")
                    .asText())) {
                first++;
            }
            pending = pending.subList(first, pending.size());
        }
        assertThat(rounds).isGreaterThan(1);
        assertOneJobEach(records, true);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
