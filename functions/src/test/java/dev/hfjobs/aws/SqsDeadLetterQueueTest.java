package dev.hfjobs.aws;

import static dev.hfjobs.testing.Deadlines.soon;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hfjobs.ports.DeadLetterQueue;
import dev.hfjobs.ports.DeadLetterQueueException;
import dev.hfjobs.testing.MotoServer;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

class SqsDeadLetterQueueTest {
    private final MotoServer moto = MotoServer.get();
    private final SqsClient sqs = moto.aws().sqs();

    private List<Message> receive(String queueUrl) {
        return sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                        .maxNumberOfMessages(10)
                        .waitTimeSeconds(1)
                        .messageAttributeNames("All")
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
                .messages();
    }

    private static Map<String, String> attributes(Message message) {
        return message.messageAttributes().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().stringValue()));
    }

    @Test
    void messageIsSetAsideWithItsReasonAttributes() {
        String url = moto.createQueue(false);
        String body = "{\"image\": \"python:3.12\", \"flavor\": \"nope\"}";

        new SqsDeadLetterQueue(sqs, url).send(body, Map.of(
                DeadLetterQueue.REASON, "invalid-request",
                DeadLetterQueue.SOURCE_MESSAGE_ID, "059f36b4-87a3-44ab-83d2-661975830a7d",
                DeadLetterQueue.PROBLEMS, "flavor: unknown flavor 'nope'"), soon());

        Message message = receive(url).getFirst();
        assertThat(message.body()).isEqualTo(body);
        assertThat(attributes(message)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "hfjobs-reason", "invalid-request",
                "hfjobs-source-message-id", "059f36b4-87a3-44ab-83d2-661975830a7d",
                "hfjobs-problems", "flavor: unknown flavor 'nope'"));
    }

    @Test
    void fifoQueueGetsGroupAndDeduplicationIds() {
        String url = moto.createQueue(true);
        SqsDeadLetterQueue dlq = new SqsDeadLetterQueue(sqs, url);

        dlq.send("first", Map.of(DeadLetterQueue.SOURCE_MESSAGE_ID, "m-1", DeadLetterQueue.REASON, "bad"), soon());
        dlq.send("first", Map.of(DeadLetterQueue.SOURCE_MESSAGE_ID, "m-1", DeadLetterQueue.REASON, "bad"), soon());
        dlq.send("second", Map.of(DeadLetterQueue.SOURCE_MESSAGE_ID, "m-2", DeadLetterQueue.REASON, "bad"), soon());

        List<Message> messages = receive(url);
        assertThat(messages).extracting(Message::body).containsExactly("first", "second");
        assertThat(messages.getFirst().attributes())
                .containsEntry(MessageSystemAttributeName.MESSAGE_GROUP_ID, SqsDeadLetterQueue.FIFO_GROUP)
                .containsEntry(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID, SqsDeadLetterQueue.sha256("m-1"));
    }

    @Test
    void blankValuesAreLeftOutAndForbiddenCharactersReplaced() {
        String url = moto.createQueue(false);
        Map<String, String> given = new LinkedHashMap<>();
        given.put(DeadLetterQueue.REASON, "bad\u0000input");
        given.put(DeadLetterQueue.PROBLEMS, " ");
        given.put("hfjobs-empty", null);

        new SqsDeadLetterQueue(sqs, url).send("body", given, soon());

        assertThat(attributes(receive(url).getFirst())).containsExactly(Map.entry("hfjobs-reason", "bad\uFFFDinput"));
    }

    @Test
    void oversizedProblemsAreShortenedToFitTheMessageLimit() {
        String url = moto.createQueue(false);
        String body = "b".repeat(200_000);
        String problems = "é".repeat(60_000); // 120,000 bytes

        new SqsDeadLetterQueue(sqs, url).send(body, Map.of(DeadLetterQueue.REASON, "too-big", DeadLetterQueue.PROBLEMS, problems), soon());

        Message message = receive(url).getFirst();
        Map<String, String> received = attributes(message);
        assertThat(message.body()).isEqualTo(body);
        assertThat(received.get("hfjobs-reason")).isEqualTo("too-big");
        assertThat(received.get("hfjobs-problems")).startsWith("ééé").endsWith("...[truncated]");
        assertThat(MessageAttributes.utf8(body) + MessageAttributes.size(received))
                .isLessThanOrEqualTo(SqsDeadLetterQueue.MAX_MESSAGE_BYTES);
    }

    @Test
    void invalidAttributeNameIsRefusedBeforeSending() {
        SqsDeadLetterQueue dlq = new SqsDeadLetterQueue(sqs, moto.createQueue(false));

        for (String name : List.of("has space", "AWS.reason", "amazon.x", ".dot", "dot.", "a..b", "")) {
            assertThatThrownBy(() -> dlq.send("body", Map.of(name, "v"), soon()))
                    .as(name).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void moreThanTenAttributesAreRefused() {
        SqsDeadLetterQueue dlq = new SqsDeadLetterQueue(sqs, moto.createQueue(false));
        Map<String, String> eleven = IntStream.range(0, 11).boxed()
                .collect(Collectors.toMap(i -> "hfjobs-a" + i, i -> "v"));

        assertThatThrownBy(() -> dlq.send("body", eleven, soon())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void missingQueueIsADeadLetterQueueExceptionNamingTheQueue() {
        String url = moto.endpoint() + "/" + MotoServer.ACCOUNT + "/" + MotoServer.uniqueName("gone");

        assertThatThrownBy(() -> new SqsDeadLetterQueue(sqs, url).send("body", Map.of(DeadLetterQueue.REASON, "bad"), soon()))
                .isInstanceOf(DeadLetterQueueException.class)
                .hasMessageContaining(url)
                .hasMessageContaining("QueueDoesNotExistException");
    }

    @Test
    void unreachableQueueIsADeadLetterQueueException() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        URI closed = URI.create("http://127.0.0.1:" + port);
        SqsClient unreachable = AwsClients.forEndpoint(closed, MotoServer.REGION, MotoServer.CREDENTIALS).sqs();

        assertThatThrownBy(() -> new SqsDeadLetterQueue(unreachable, closed + "/123456789012/q").send("body", Map.of(), soon()))
                .isInstanceOf(DeadLetterQueueException.class)
                .hasMessageContaining("SdkClientException");
    }

    @Test
    void bodyAboveTheLimitIsADeadLetterQueueException() {
        SqsDeadLetterQueue dlq = new SqsDeadLetterQueue(sqs, moto.createQueue(false));

        assertThatThrownBy(() -> dlq.send("x".repeat(SqsDeadLetterQueue.MAX_MESSAGE_BYTES + 1), Map.of(), soon()))
                .isInstanceOf(DeadLetterQueueException.class);
    }
}
