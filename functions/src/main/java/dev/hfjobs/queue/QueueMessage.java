package dev.hfjobs.queue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One record of an SQS event, as far as submission needs it.
 *
 * @param messageId SQS's id (the fallback idempotency key)
 * @param body the message body (a submit request)
 * @param keyAttribute the {@code idempotencyKey} message attribute, or null
 * @param senderId who sent it (an IAM principal id), or null
 * @param sourceArn the queue's ARN
 * @param taskTokenAttribute the {@code taskToken} message attribute (a Step Functions task token), or null
 */
record QueueMessage(String messageId, String body, String keyAttribute, String senderId, String sourceArn,
        String taskTokenAttribute) {

    static List<QueueMessage> fromEvent(JsonNode event) {
        List<QueueMessage> messages = new ArrayList<>();
        for (JsonNode record : event.path("Records")) {
            messages.add(new QueueMessage(record.path("messageId").asText(), record.path("body").asText(null),
                    text(record.at("/messageAttributes/idempotencyKey/stringValue")),
                    text(record.at("/attributes/SenderId")), record.path("eventSourceARN").asText(""),
                    text(record.at("/messageAttributes/taskToken/stringValue"))));
        }
        return messages;
    }

    @Override
    public String toString() {
        return "QueueMessage[messageId=" + messageId + ", senderId=" + senderId + "]";
    }

    boolean fromFifoQueue() {
        return sourceArn.endsWith(".fifo");
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }
}
