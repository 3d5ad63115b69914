package dev.hfjobs.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hfjobs.Log;
import dev.hfjobs.Once;
import dev.hfjobs.aws.DynamoDbClaims;
import dev.hfjobs.devstack.CreatedStack;
import dev.hfjobs.devstack.ResourceNames;
import dev.hfjobs.aws.DynamoDbJobRecords;
import dev.hfjobs.emulator.HfJobsEmulator;
import dev.hfjobs.model.Wire;
import dev.hfjobs.outbox.OutboxPump;
import dev.hfjobs.store.Claims;
import dev.hfjobs.store.JobRecords;
import dev.hfjobs.wiring.Wiring;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Everything a function needs, real and local: the HF Jobs emulator (one per test JVM, reset per
 * stack), and on moto_server what template.yaml declares (the jobs table, the queues with their
 * redrive policy, the bus: {@link MotoServer#resources()}) under names of this stack's own, plus the
 * token secret. Events are captured as they leave for the bus ({@link EventCapture}). Every log line, answer and event a test sees is collected so that
 * {@link #assertNoSecretLeaked()} can scan them.
 */
public final class TestStack implements AutoCloseable {
    /** The emulator's token for user alice (member of acme-ml). */
    public static final String TOKEN = "hf_test_alice";
    /** Secret values the tests put in job requests; none may ever show up outside. */
    public static final List<String> JOB_SECRET_VALUES = List.of("s3cr3t-wandb-value", "s3cr3t-hf-value");

    private static HfJobsEmulator hub;

    public final MotoServer moto = MotoServer.get();
    public final String secretId;
    public final String table;
    public final EventCapture events;
    /** Publishes what the table's stream carries, as the event source mapping would: see {@link EventCapture}. */
    public final OutboxPump outbox;
    private final String streamArn;
    public final String deadLetterUrl;
    public final Map<String, String> env = new HashMap<>();
    private final List<String> seen = Collections.synchronizedList(new ArrayList<>());
    private final Consumer<String> previousLog;

    private TestStack(String tokenValue) {
        hub().reset();
        ResourceNames names = ResourceNames.unique("t");
        CreatedStack created = moto.resources().create(names);
        secretId = moto.resources().createTokenSecret(names, tokenValue);
        table = created.table("JobsTable").name();
        events = moto.capture(created.eventBus("EventBus").name());
        streamArn = created.table("JobsTable").streamArn();
        outbox = new OutboxPump(moto.stream(streamArn), new Once<>(this::wiring));
        events.pumpWith(outbox);
        deadLetterUrl = created.queue("SubmitDeadLetterQueue").url();
        env.putAll(created.environment());
        env.put("HF_ENDPOINT", hub.endpoint().toString());
        env.put("HF_TOKEN_SECRET_ID", secretId);
        env.put("HF_NAMESPACE", "alice");
        env.put("JOB_SECRETS_ACCOUNT", MotoServer.ACCOUNT);
        previousLog = Log.redirect(line -> {
            seen.add(line);
            System.out.println(line);
        });
    }

    /** A stack whose secret holds the emulator's token for alice. */
    public static TestStack create() {
        return new TestStack(TOKEN);
    }

    /** A stack whose secret holds {@code tokenValue} (bare or JSON). */
    public static TestStack withSecret(String tokenValue) {
        return new TestStack(tokenValue);
    }

    /** The shared emulator. */
    public static synchronized HfJobsEmulator hub() {
        if (hub == null) {
            hub = HfJobsEmulator.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(hub::close));
        }
        return hub;
    }

    /** The functions' parts wired from {@link #env}, as in Lambda. */
    public Wiring wiring() {
        return Wiring.fromEnvironment(env, moto.aws());
    }

    /** The jobs table's stream. */
    public String streamArn() {
        return streamArn;
    }

    /** The job records of this stack's table, as the functions see them. */
    public JobRecords jobs() {
        return new DynamoDbJobRecords(moto.aws().dynamoDb(), table);
    }

    /** The idempotency claims of this stack's table. */
    public Claims claims() {
        return new DynamoDbClaims(moto.aws().dynamoDb(), table);
    }

    /** Records something a caller would see (an answer), for the leak scan. */
    public <T> T saw(T output) {
        seen.add(String.valueOf(output));
        return output;
    }

    /** The events published so far (waits for {@code count} of them at most {@code timeout}). */
    public List<JsonNode> events(int count, Duration timeout) {
        List<JsonNode> received = events.receive(count, timeout);
        received.forEach(e -> {
            seen.add(Wire.write(e));
            System.out.println("EVENT " + Wire.write(e));
        });
        return received;
    }

    /** Messages set aside on the dead-letter queue, with their attributes. */
    public List<Message> deadLetters() {
        List<Message> all = new ArrayList<>();
        List<Message> batch;
        do {
            batch = moto.aws().sqs().receiveMessage(b -> b.queueUrl(deadLetterUrl).maxNumberOfMessages(10)
                    .messageAttributeNames("All").attributeNamesWithStrings(QueueAttributeName.ALL.toString()))
                    .messages();
            all.addAll(batch);
            batch.forEach(m -> moto.aws().sqs().deleteMessage(b -> b.queueUrl(deadLetterUrl)
                    .receiptHandle(m.receiptHandle())));
        } while (!batch.isEmpty());
        return all;
    }

    public static String attribute(Message message, String name) {
        MessageAttributeValue value = message.messageAttributes().get(name);
        return value == null ? null : value.stringValue();
    }

    /** Neither the token nor a job secret value appears in any log line, answer or event seen. */
    public void assertNoSecretLeaked() {
        List<String> lines = List.copyOf(seen);
        assertThat(lines).as("log lines, answers and events").isNotEmpty();
        for (String line : lines) {
            assertThat(line).doesNotContain(TOKEN);
            JOB_SECRET_VALUES.forEach(value -> assertThat(line).doesNotContain(value));
        }
    }

    /** What was collected, for tests that look at log lines. */
    public List<String> seen() {
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        Log.redirect(previousLog);
    }
}
