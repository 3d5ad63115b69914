package dev.hfjobs.robust;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.emulator.HfJobsEmulator;
import dev.hfjobs.model.Wire;
import dev.hfjobs.ports.DeadLetterQueue;
import dev.hfjobs.queue.QueueSubmitFunction;
import dev.hfjobs.testing.TestStack;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Bad input through {@code QueueSubmitFunction}: every bad message must end on the dead-letter
 * queue with its reason (not reported for retry, not dropped), with nothing sent to the Hub.
 */
class BadInputThroughQueueTest {
    static final long START = System.nanoTime();
    static final AtomicInteger CASES = new AtomicInteger();
    static final AtomicInteger UNEXPECTED = new AtomicInteger();
    static final AtomicInteger SET_ASIDE = new AtomicInteger();

    static TestStack stack;
    static HfJobsEmulator hub;
    static QueueSubmitFunction function;

    @BeforeAll
    static void setUp() {
        stack = TestStack.create();
        hub = TestStack.hub();
        function = Robust.queue(stack::wiring);
    }

    @BeforeEach
    void clearHub() {
        hub.clearRequests();
    }

    @AfterAll
    static void summary() {
        try {
            List<JsonNode> events = stack.events(SET_ASIDE.get(), Duration.ofSeconds(10));
            int items = Robust.scanTable(stack);
            stack.assertNoSecretLeaked();
            System.out.printf("ROBUST bad input (SQS): %d cases, %d unexpected, %d set aside with a reason; %d failure"
                    + " events and %d table items scanned, 0 secret leaks; %d ms%n", CASES.get(), UNEXPECTED.get(),
                    SET_ASIDE.get(), events.size(), items, (System.nanoTime() - START) / 1_000_000);
            assertThat(events).hasSize(SET_ASIDE.get());
            assertThat(CASES.get()).isGreaterThanOrEqualTo(100);
        } finally {
            stack.close();
        }
    }

    static Stream<Arguments> cases() {
        Map<String, UnaryOperator<ObjectNode>> records = new LinkedHashMap<>();
        BadRequests.bodies().forEach((name, body) -> {
            if (!name.startsWith("huge body")) { // larger than SQS accepts: it never arrives
                records.put("body: " + name, r -> r.put("body", body));
            }
        });
        records.put("record without a body", r -> {
            r.remove("body");
            return r;
        });
        records.put("record whose body is JSON null", r -> r.putNull("body"));
        records.put("record whose body is a number", r -> r.put("body", 42));
        records.put("record whose body is an object, not text", r -> {
            r.putObject("body").put("image", "python:3.12");
            return r;
        });
        records.put("record without attributes or messageAttributes", r -> {
            r.remove("attributes");
            r.remove("messageAttributes");
            r.put("body", BadRequests.with("flavor", "42"));
            return r;
        });
        records.put("record without eventSourceARN", r -> {
            r.remove("eventSourceARN");
            r.put("body", BadRequests.with("timeout", "true"));
            return r;
        });
        List<String> keys = List.of("abc\r\nX-Injected: 1", "", " ", "k".repeat(256), "k\u00E9y", "ke\u0000y");
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            records.put("idempotencyKey attribute #" + i, r -> {
                r.with("messageAttributes").putObject("idempotencyKey").put("stringValue", key).put("dataType", "String");
                r.put("body", BadRequests.VALID);
                return r;
            });
            records.put("idempotencyKey field #" + i, r -> r.put("body",
                    BadRequests.VALID.replace("{\"image\"", "{\"idempotencyKey\": " + BadRequests.quote(key) + ", \"image\"")));
        }
        for (String value : List.of("42", "{\"k\": 1}", "[\"k\"]", "true")) {
            records.put("idempotencyKey field of the wrong type " + value, r -> r.put("body",
                    BadRequests.VALID.replace("{\"image\"", "{\"idempotencyKey\": " + value + ", \"image\"")));
        }
        AtomicInteger n = new AtomicInteger();
        return records.entrySet().stream().map(e -> Arguments.of(e.getKey(),
                e.getValue().apply(Robust.record("bad-" + n.incrementAndGet(), null, null))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void setAsideWithItsReasonAndNothingSentToTheHub(String name, ObjectNode record) {
        CASES.incrementAndGet();
        boolean ok = false;
        try {
            String response = Robust.invoke(function, Wire.write(Robust.batch(List.of(record))), 60);
            stack.saw(response);
            Robust.assertClean(response);
            assertThat(Robust.failedIds(response)).as("reported for retry").isEmpty();
            List<Message> aside = stack.deadLetters();
            aside.forEach(m -> stack.saw("DLQ " + m.messageAttributes()));
            assertThat(aside).singleElement().satisfies(m -> {
                assertThat(TestStack.attribute(m, DeadLetterQueue.REASON)).isIn("malformed-json", "invalid-request");
                assertThat(TestStack.attribute(m, DeadLetterQueue.SOURCE_MESSAGE_ID))
                        .isEqualTo(record.path("messageId").asText());
                assertThat(m.messageAttributes().toString()).doesNotContain("s3cr3t-").doesNotContain(TestStack.TOKEN);
            });
            SET_ASIDE.incrementAndGet();
            assertThat(Robust.writes(hub)).as("requests that write to the Hub").isEmpty();
            assertThat(hub.requests()).allSatisfy(r -> assertThat(r.path()).isEqualTo("/api/jobs/hardware"));
            ok = true;
        } finally {
            if (!ok) {
                UNEXPECTED.incrementAndGet();
            }
        }
    }
}
