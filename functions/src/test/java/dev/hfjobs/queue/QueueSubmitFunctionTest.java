package dev.hfjobs.queue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.aws.AwsClients;
import dev.hfjobs.emulator.HfJobsEmulator;
import dev.hfjobs.emulator.RecordedRequest;
import dev.hfjobs.model.Wire;
import dev.hfjobs.ports.DeadLetterQueue;
import dev.hfjobs.submit.SubmitEvents;
import dev.hfjobs.testing.RequestCounter;
import dev.hfjobs.testing.TestContext;
import dev.hfjobs.testing.TestStack;
import dev.hfjobs.wiring.Wiring;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.sqs.model.Message;

/** QueueSubmitFunction end to end: real SQS event shape, the emulator as the Hub, moto for AWS. */
class QueueSubmitFunctionTest {
    static final String GOOD = """
            {"image": "python:3.12", "command": ["python", "-c", "print(1)"], "secrets": {"WANDB_API_KEY":
             "s3cr3t-wandb-value"}, "timeout": "10m"}""";

    TestStack stack;
    HfJobsEmulator hub;
    QueueSubmitFunction function;

    @BeforeEach
    void setUp() {
        stack = TestStack.create();
        hub = TestStack.hub();
        function = new QueueSubmitFunction(stack::wiring);
    }

    @AfterEach
    void noLeak() {
        stack.assertNoSecretLeaked();
        stack.close();
    }

    static ObjectNode fixture() {
        try (InputStream in = QueueSubmitFunctionTest.class.getResourceAsStream("/events/sqs-batch.json")) {
            return (ObjectNode) Wire.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A batch of messages with these ids and bodies, shaped like the fixture's first record. */
    static ObjectNode batchOn(String arn, String... idsAndBodies) {
        ObjectNode template = (ObjectNode) fixture().path("Records").get(0);
        ObjectNode event = Wire.mapper().createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (int i = 0; i < idsAndBodies.length; i += 2) {
            ObjectNode record = template.deepCopy();
            record.put("messageId", idsAndBodies[i]);
            record.put("body", idsAndBodies[i + 1]);
            record.put("eventSourceARN", arn);
            record.putObject("messageAttributes");
            records.add(record);
        }
        return event;
    }

    static ObjectNode batch(String... idsAndBodies) {
        return batchOn("arn:aws:sqs:us-east-1:123456789012:hf-jobs-submit", idsAndBodies);
    }

    Set<String> failures(JsonNode event) {
        return failures(function, stack, event);
    }

    /** The ids of the batch items {@code function} asked SQS to deliver again. */
    static Set<String> failures(QueueSubmitFunction function, TestStack stack, JsonNode event) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            function.handleRequest(new ByteArrayInputStream(Wire.write(event).getBytes(StandardCharsets.UTF_8)), out,
                    TestContext.seconds(60));
            JsonNode response = stack.saw(Wire.parse(out.toString(StandardCharsets.UTF_8)));
            List<String> ids = new ArrayList<>();
            response.path("batchItemFailures").forEach(f -> ids.add(f.path("itemIdentifier").asText()));
            return Set.copyOf(ids);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void fixtureBatchMixesAJobABadMessageAndAnOrgJob() {
        Set<String> failed = failures(fixture());

        assertThat(failed).isEmpty();
        assertThat(hub.createdJobCount()).isEqualTo(2);
        List<Message> aside = stack.deadLetters();
        assertThat(aside).singleElement().satisfies(m -> {
            assertThat(TestStack.attribute(m, DeadLetterQueue.REASON)).isEqualTo("invalid-request");
            assertThat(TestStack.attribute(m, DeadLetterQueue.SOURCE_MESSAGE_ID))
                    .isEqualTo("2e1424d4-f796-459a-8184-9c92662be6da");
            assertThat(TestStack.attribute(m, DeadLetterQueue.PROBLEMS)).contains("timout", "image", "command");
            assertThat(m.body()).contains("not a list");
        });
        List<JsonNode> events = stack.events(3, Duration.ofSeconds(10));
        assertThat(events).extracting(e -> e.path("detail-type").asText())
                .containsExactlyInAnyOrder(SubmitEvents.SUBMITTED, SubmitEvents.SUBMITTED, SubmitEvents.FAILED);
    }

    @Test
    void goodBadAndTransientMessagesGetTheirOwnOutcome() {
        hub.failNext("POST", "^/api/jobs/acme-ml$", 10, 503);
        String transientBody = GOOD.replace("{\"image\"", "{\"namespace\": \"acme-ml\", \"image\"");

        Set<String> failed = failures(batch("m-good", GOOD, "m-bad", "{\"image\": 3}", "m-transient", transientBody,
                "m-not-json", "this is not json"));

        assertThat(failed).containsExactly("m-transient");
        assertThat(hub.jobs()).extracting(j -> j.namespace()).containsExactly("alice");
        assertThat(stack.deadLetters()).extracting(m -> TestStack.attribute(m, DeadLetterQueue.SOURCE_MESSAGE_ID))
                .containsExactlyInAnyOrder("m-bad", "m-not-json");
    }

    @Test
    void sameMessageDeliveredTwiceInSequenceIsOneJob() {
        assertThat(failures(batch("dup-1", GOOD))).isEmpty();
        assertThat(failures(batch("dup-1", GOOD))).isEmpty();

        assertThat(hub.createdJobCount()).isEqualTo(1);
    }

    @Test
    void sameMessageDeliveredTwiceConcurrentlyIsOneJob() throws Exception {
        hub.latency(Duration.ofMillis(300));
        List<Future<Set<String>>> runs = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 4; i++) {
                runs.add(pool.submit(() -> failures(batch("dup-2", GOOD))));
            }
        }
        hub.latency(Duration.ZERO);
        for (Future<Set<String>> run : runs) {
            run.get();
        }

        assertThat(hub.createdJobCount()).isEqualTo(1);
        // Those reported as failed are retried by SQS and then find the job.
        assertThat(failures(batch("dup-2", GOOD))).isEmpty();
        assertThat(hub.createdJobCount()).isEqualTo(1);
    }

    @Test
    void idempotencyKeyAttributeDedupesAcrossMessageIds() {
        ObjectNode first = batch("a-1", GOOD);
        ObjectNode second = batch("a-2", GOOD);
        for (ObjectNode event : List.of(first, second)) {
            ((ObjectNode) event.path("Records").get(0)).putObject("messageAttributes").putObject("idempotencyKey")
                    .put("stringValue", "pipeline-run-42").put("dataType", "String");
        }

        assertThat(failures(first)).isEmpty();
        assertThat(failures(second)).isEmpty();
        assertThat(hub.createdJobCount()).isEqualTo(1);
    }

    @Test
    void lostAnswerAfterCreationIsStillOneJob() {
        hub.dropAfterCreate(1);

        assertThat(failures(batch("lost", GOOD))).isEmpty();
        assertThat(hub.createdJobCount()).isEqualTo(1);
    }

    @Test
    void rateLimitStormRetriesEverythingAndLosesNothing() {
        hub.rateLimitNext(1000, 30);
        ObjectNode event = batch("s-1", GOOD, "s-2", GOOD.replace("10m", "11m"), "s-3", GOOD.replace("10m", "12m"));

        assertThat(failures(event)).containsExactlyInAnyOrder("s-1", "s-2", "s-3");
        assertThat(hub.createdJobCount()).isZero();
        assertThat(stack.deadLetters()).isEmpty();

        hub.reset();
        assertThat(failures(event)).isEmpty();
        assertThat(failures(event)).isEmpty();
        assertThat(hub.createdJobCount()).isEqualTo(3);
    }

    @Test
    void hub403IsSetAsideWithItsReason() {
        String forbidden = GOOD.replace("{\"image\"", "{\"namespace\": \"not-mine\", \"image\"");

        assertThat(failures(batch("m-403", forbidden))).isEmpty();
        assertThat(stack.deadLetters()).singleElement().satisfies(m -> {
            assertThat(TestStack.attribute(m, DeadLetterQueue.REASON)).isEqualTo("hub-rejected");
            assertThat(TestStack.attribute(m, DeadLetterQueue.HUB_STATUS)).isEqualTo("403");
        });
    }

    @Test
    void missingSecretRetriesEveryMessage() {
        stack.env.put("HF_TOKEN_SECRET_ID", "no-such-secret");
        function = new QueueSubmitFunction(stack::wiring);

        assertThat(failures(batch("t-1", GOOD, "t-2", GOOD.replace("10m", "11m")))).containsExactlyInAnyOrder("t-1",
                "t-2");
        assertThat(stack.deadLetters()).isEmpty();
    }

    @Test
    void missingDeadLetterQueueRetriesInsteadOfDropping() {
        stack.env.remove("SUBMIT_DLQ_URL");
        function = new QueueSubmitFunction(stack::wiring);

        assertThat(failures(batch("bad-1", "{}"))).containsExactly("bad-1");
    }

    @Test
    void fifoBatchStopsAtTheFirstFailure() {
        hub.failNext("POST", "^/api/jobs/acme-ml$", 10, 503);
        String transientBody = GOOD.replace("{\"image\"", "{\"namespace\": \"acme-ml\", \"image\"");
        ObjectNode event = batchOn("arn:aws:sqs:us-east-1:123456789012:hf-jobs-submit.fifo", "f-1", GOOD, "f-2",
                transientBody, "f-3", GOOD.replace("10m", "11m"));

        assertThat(failures(event)).containsExactlyInAnyOrder("f-2", "f-3");
        assertThat(hub.createdJobCount()).isEqualTo(1);
    }

    @Test
    void batchOfTenRunsInParallel() {
        hub.latency(Duration.ofMillis(400));
        String[] args = new String[20];
        for (int i = 0; i < 10; i++) {
            args[2 * i] = "p-" + i;
            args[2 * i + 1] = GOOD.replace("10m", (10 + i) + "m");
        }

        Set<String> failed = failures(batch(args));

        hub.latency(Duration.ZERO);
        assertThat(failed).isEmpty();
        assertThat(hub.createdJobCount()).isEqualTo(10);
        // One after the other, the ten POSTs would arrive at least 400 ms apart (9 × 400 ms from the
        // first to the last); in parallel they arrive together, while the first is still answered.
        List<Instant> arrivals = hub.requests().stream().filter(r -> r.method().equals("POST"))
                .map(RecordedRequest::receivedAt).sorted().toList();
        assertThat(arrivals).hasSize(10);
        assertThat(Duration.between(arrivals.getFirst(), arrivals.getLast())).isLessThan(Duration.ofMillis(1600));
        assertThat(hub.jobs().stream().map(j -> j.labels().get("hfjobs-source")).collect(Collectors.toSet()))
                .containsExactly("sqs");
    }

    // ---- a plain cold start: what the first batch needs is fetched while it is on the way

    @Test
    void onDemandTheFirstBatchFindsTheTokenAndTheCatalogAlreadyRead() throws Exception {
        RequestCounter counter = new RequestCounter();
        AwsClients aws = stack.moto.clients(counter);
        QueueSubmitFunction counted = new QueueSubmitFunction(() -> Wiring.fromEnvironment(stack.env, aws));

        List<Thread> threads = counted.prefetch(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"), aws);
        for (Thread thread : threads) {
            assertThat(thread.join(Duration.ofSeconds(20))).isTrue();
        }
        assertThat(counter.count(GetSecretValueRequest.class)).as("token read ahead").isEqualTo(1);
        assertThat(counter.count(GetItemRequest.class)).as("stored catalog looked up ahead").isEqualTo(1);
        long hubReads = hub.requests().stream().filter(r -> r.method().equals("GET")).count();

        assertThat(failures(counted, stack, batch("m-1", GOOD, "m-2", GOOD))).isEmpty();

        assertThat(hub.createdJobCount()).isEqualTo(2);
        assertThat(counter.count(GetSecretValueRequest.class)).as("token reads").isEqualTo(1);
        assertThat(counter.count(GetItemRequest.class)).as("catalog reads").isEqualTo(1);
        assertThat(hub.requests().stream().filter(r -> r.method().equals("GET")).count()).as("Hub reads")
                .isEqualTo(hubReads);
    }

    @Test
    void underSnapStartNothingIsReadBeforeTheFirstBatch() {
        RequestCounter counter = new RequestCounter();
        AwsClients aws = stack.moto.clients(counter);
        QueueSubmitFunction counted = new QueueSubmitFunction(() -> Wiring.fromEnvironment(stack.env, aws));

        assertThat(counted.prefetch(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start"), aws)).isEmpty();

        assertThat(counter.count(GetSecretValueRequest.class) + counter.count(GetItemRequest.class)).isZero();
        assertThat(failures(counted, stack, batch("m-1", GOOD))).isEmpty();
        assertThat(counter.count(GetSecretValueRequest.class)).isEqualTo(1);
    }
}
