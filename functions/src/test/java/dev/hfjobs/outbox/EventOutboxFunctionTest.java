package dev.hfjobs.outbox;

import static dev.hfjobs.testing.Deadlines.soon;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.FunctionsException;
import dev.hfjobs.devstack.TableStream;
import dev.hfjobs.model.Wire;
import dev.hfjobs.store.JobRecord;
import dev.hfjobs.store.OutboxEvent;
import dev.hfjobs.testing.FlakyPublisher;
import dev.hfjobs.testing.PrimingCheck;
import dev.hfjobs.testing.TestStack;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventOutboxFunctionTest {
    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");

    private static JobRecord job(String id) {
        return new JobRecord(id, "alice", "SCHEDULING", "cpu-basic", Map.of("team", "ml"), T0, "api", "caller", "k-" + id,
                "https://huggingface.co/jobs/alice/" + id, "t-" + id, T0, null, 0, null);
    }

    private static OutboxEvent submitted(String id) {
        return new OutboxEvent("HF Job Submitted", id + ":SUBMITTED", "{\"jobId\":\"" + id + "\",\"namespace\":\"alice\"}");
    }

    @Test
    void newRecordsEventIsPublishedOnceWithItsIdAndDetail() {
        try (TestStack stack = TestStack.create()) {
            stack.jobs().put(job("j-1"), submitted("j-1"), soon());

            List<JsonNode> events = stack.events(2, Duration.ofMillis(500));

            assertThat(events).singleElement().satisfies(e -> {
                assertThat(e.path("detail-type").asText()).isEqualTo("HF Job Submitted");
                assertThat(e.path("source").asText()).isEqualTo("hf.jobs");
                assertThat(e.path("detail").path("jobId").asText()).isEqualTo("j-1");
                assertThat(e.path("detail").path("eventId").asText()).isEqualTo("j-1:SUBMITTED");
            });
        }
    }

    @Test
    void claimsStageUpdatesAndRecordsWithoutAnEventPublishNothing() {
        try (TestStack stack = TestStack.create()) {
            JobRecord plain = job("j-plain");
            stack.jobs().put(plain, soon());
            stack.jobs().updateStage(plain.withStage("RUNNING", null, T0), 0, soon());
            TableStream stream = stack.moto.stream(stack.streamArn());
            List<ObjectNode> all = stream.read(r -> true, 100);

            assertThat(all).extracting(r -> r.path("eventName").asText()).containsExactly("INSERT", "MODIFY");
            assertThat(invoke(new EventOutboxFunction(stack::wiring), Wire.write(TableStream.event(all))))
                    .isEqualTo("{\"batchItemFailures\":[]}");
            assertThat(stack.events(1, Duration.ofMillis(300))).isEmpty();
        }
    }

    @Test
    void unreadableOutboxIsReportedFailedAndTheOthersStillPublished() {
        try (TestStack stack = TestStack.create()) {
            String event = """
                    {"Records": [
                      %s,
                      {"eventName": "INSERT", "dynamodb": {"SequenceNumber": "200", "Keys": {"pk": {"S": "job#bad"}},
                        "NewImage": {"outbox": {"M": {"detailType": {"S": "HF Job Submitted"}, "eventId": {"S": "bad"},
                          "detail": {"S": "[\\"not an object\\"]"}}}}}},
                      {"eventName": "INSERT", "dynamodb": {"SequenceNumber": "300", "Keys": {"pk": {"S": "job#worse"}},
                        "NewImage": {"outbox": {"M": {"eventId": {"S": "worse"}}}}}}
                    ]}""".formatted(record("100", "j-good"));

            String answer = invoke(new EventOutboxFunction(stack::wiring), event);

            assertThat(Wire.parse(answer).findValuesAsText("itemIdentifier")).containsExactly("200", "300");
            assertThat(stack.events(2, Duration.ofMillis(500))).singleElement()
                    .satisfies(e -> assertThat(e.at("/detail/jobId").asText()).isEqualTo("j-good"));
            // The stack collects the log lines (for its leak scan).
            assertThat(stack.seen()).filteredOn(l -> l.contains("outbox event unreadable")).hasSize(2)
                    .anySatisfy(l -> assertThat(l).contains("job#bad", "outbox.detail: must be a JSON object"))
                    .anySatisfy(l -> assertThat(l).contains("job#worse", "must be a map of detailType, eventId"));
        }
    }

    @Test
    void eventsNotPublishedAreReportedFromTheFirstAndRetriedUntilPublished() {
        try (TestStack stack = TestStack.create()) {
            EventOutboxFunction function = new EventOutboxFunction(() -> stack.wiring().withEvents(
                    new FlakyPublisher(stack.wiring().events(), 1)));
            String batch = """
                    {"Records": [%s, %s]}""".formatted(record("100", "j-a"), record("101", "j-b"));

            assertThat(Wire.parse(invoke(function, batch)).findValuesAsText("itemIdentifier")).containsExactly("100");
            assertThat(Wire.parse(invoke(function, batch)).findValuesAsText("itemIdentifier")).isEmpty();

            // j-b twice (at-least-once: the retried batch publishes it again), j-a once.
            assertThat(stack.events(4, Duration.ofMillis(500))).extracting(e -> e.at("/detail/eventId").asText())
                    .containsExactlyInAnyOrder("j-b:SUBMITTED", "j-a:SUBMITTED", "j-b:SUBMITTED");
        }
    }

    @Test
    void anEventThatIsNotAStreamEventFailsTheInvocation() {
        try (TestStack stack = TestStack.create()) {
            EventOutboxFunction function = new EventOutboxFunction(stack::wiring);

            assertThatThrownBy(() -> invoke(function, "{\"detail-type\": \"Scheduled Event\"}"))
                    .isInstanceOf(FunctionsException.class).hasMessageContaining("Records: must be the array");
            assertThatThrownBy(() -> invoke(function, "{\"Records\": [{\"dynamodb\": {}}]}"))
                    .isInstanceOf(FunctionsException.class)
                    .hasMessageContaining("Records[0].dynamodb.SequenceNumber: must be text");
            assertThatThrownBy(() -> invoke(function, "not json")).isInstanceOf(FunctionsException.class)
                    .hasMessageContaining("not JSON");
        }
    }

    @Test
    void primingSendsNothingToTheHubOrAwsAndReadsNoToken() {
        PrimingCheck.assertPrimingSendsNothing(wiring -> new EventOutboxFunction(wiring)::prime);
    }

    private static String record(String sequence, String jobId) {
        return """
                {"eventID": "e-%1$s", "eventName": "INSERT", "eventSource": "aws:dynamodb", "dynamodb": {
                  "SequenceNumber": "%1$s", "Keys": {"pk": {"S": "job#%2$s"}},
                  "NewImage": {"pk": {"S": "job#%2$s"}, "outbox": {"M": {"detailType": {"S": "HF Job Submitted"},
                    "eventId": {"S": "%2$s:SUBMITTED"}, "detail": {"S": "{\\"jobId\\": \\"%2$s\\"}"}}}}}}"""
                .formatted(sequence, jobId);
    }

    private static String invoke(EventOutboxFunction function, String event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            function.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
