package dev.hfjobs.queue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hfjobs.emulator.JobSnapshot;
import dev.hfjobs.testing.Emitted;
import dev.hfjobs.testing.TestStack;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What QueueSubmitFunction tells CloudWatch while it handles a batch's messages in parallel: each
 * message's lines carry its own correlation fields, never a sibling's; new jobs and set-aside
 * messages are counted.
 */
class QueueTelemetryTest {
    static final String JOB_MESSAGE = "059f36b4-87a3-44ab-83d2-661975830a7d";
    static final String BAD_MESSAGE = "2e1424d4-f796-459a-8184-9c92662be6da";
    static final String ORG_MESSAGE = "9b2c7a1e-3f4d-4c5b-8a6e-7d8f9a0b1c2d";

    TestStack stack;
    QueueSubmitFunction function;

    @BeforeEach
    void setUp() {
        stack = TestStack.create();
        function = new QueueSubmitFunction(stack::wiring);
    }

    @AfterEach
    void noLeak() {
        stack.assertNoSecretLeaked();
        stack.close();
    }

    @Test
    void eachMessageOfAParallelBatchLogsItsOwnCorrelationFields() {
        QueueSubmitFunctionTest.failures(function, stack, QueueSubmitFunctionTest.fixture());

        Map<String, String> jobByMessage = Emitted.from(stack.seen()).lines("message").stream().collect(
                Collectors.toMap(l -> l.path("messageId").asText(), l -> l.path("jobId").asText("")));
        assertThat(jobByMessage.keySet()).containsExactlyInAnyOrder(JOB_MESSAGE, BAD_MESSAGE, ORG_MESSAGE);
        Set<String> created = TestStack.hub().jobs().stream().map(JobSnapshot::id).collect(Collectors.toSet());
        assertThat(Set.of(jobByMessage.get(JOB_MESSAGE), jobByMessage.get(ORG_MESSAGE))).isEqualTo(created);
        assertThat(jobByMessage.get(BAD_MESSAGE)).isEmpty();
        List<JsonNode> aboutAMessage = Emitted.from(stack.seen()).lines().stream()
                .filter(l -> l.has("messageId")).toList();
        assertThat(aboutAMessage).allSatisfy(line -> {
            String message = line.path("messageId").asText();
            assertThat(line.path("requestId").asText()).isNotEmpty();
            assertThat(line.path("caller").asText()).isEqualTo("AROAEXAMPLEROLEID:pipeline");
            // The attribute's key, the body's, else the message id.
            assertThat(line.path("idempotencyKey").asText()).isEqualTo(Map.of(JOB_MESSAGE, "sqs:batch-b1-item-1",
                    ORG_MESSAGE, "sqs:org-run-7", BAD_MESSAGE, "sqs:" + BAD_MESSAGE).get(message));
            if (line.has("jobId")) {
                assertThat(line.path("jobId").asText()).isEqualTo(jobByMessage.get(message));
            }
        });
    }

    @Test
    void aBatchCountsItsNewJobsBySourceAndItsSetAsideMessagesByReason() {
        QueueSubmitFunctionTest.failures(function, stack, QueueSubmitFunctionTest.fixture());

        Emitted emitted = Emitted.from(stack.seen());
        assertThat(emitted.sum("JobsSubmitted", Map.of("Source", "sqs"))).isEqualTo(2);
        assertThat(emitted.sum("SubmissionsFailed", Map.of("Reason", "invalid-request"))).isEqualTo(1);
        assertThat(emitted.total("SubmissionsFailed")).isEqualTo(1);
        assertThat(emitted.metrics().documents()).as("one line per set of dimension values").hasSizeLessThan(8);
    }

    @Test
    void aRedeliveredMessageFindsItsJobAndCountsNoSecondOne() {
        QueueSubmitFunctionTest.failures(function, stack, QueueSubmitFunctionTest.batch(JOB_MESSAGE,
                QueueSubmitFunctionTest.GOOD));
        QueueSubmitFunctionTest.failures(function, stack, QueueSubmitFunctionTest.batch(JOB_MESSAGE,
                QueueSubmitFunctionTest.GOOD));

        assertThat(TestStack.hub().createdJobCount()).isEqualTo(1);
        assertThat(Emitted.from(stack.seen()).total("JobsSubmitted")).isEqualTo(1);
    }
}
