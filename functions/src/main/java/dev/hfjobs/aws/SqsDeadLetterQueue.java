package dev.hfjobs.aws;

import dev.hfjobs.Deadline;
import dev.hfjobs.ports.DeadLetterQueue;
import dev.hfjobs.ports.DeadLetterQueueException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * {@link DeadLetterQueue} on Amazon SQS ({@code SendMessage}). For a FIFO queue (URL ending in
 * {@code .fifo}) every message goes to one group, and the deduplication id is derived from the
 * source message id when given (else from the body), so a message set aside twice within SQS's
 * five-minute window is stored once.
 */
public final class SqsDeadLetterQueue implements DeadLetterQueue {
    /** The budget for body + attributes: SQS's classic limit, below today's 1 MiB maximum. */
    static final int MAX_MESSAGE_BYTES = 256 * 1024;
    static final String FIFO_GROUP = "hfjobs-dead-letters";

    private final SqsClient client;
    private final String queueUrl;
    private final boolean fifo;

    public SqsDeadLetterQueue(SqsClient client, String queueUrl) {
        this.client = Objects.requireNonNull(client, "client");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
        this.fifo = queueUrl.endsWith(".fifo");
    }

    @Override
    public void send(String body, Map<String, String> reasonAttributes, Deadline deadline) {
        Objects.requireNonNull(body, "body");
        AwsRequestOverrideConfiguration limits = AwsCalls.limits(deadline).orElseThrow(() ->
                new DeadLetterQueueException("no time left to send to dead-letter queue " + queueUrl));
        Map<String, String> attributes = MessageAttributes.fit(body, reasonAttributes, MAX_MESSAGE_BYTES);
        SendMessageRequest.Builder request = SendMessageRequest.builder()
                .queueUrl(queueUrl)
                .messageBody(body)
                .messageAttributes(toSqs(attributes))
                .overrideConfiguration(limits);
        if (fifo) {
            String dedupeSource = attributes.getOrDefault(SOURCE_MESSAGE_ID, body);
            request.messageGroupId(FIFO_GROUP).messageDeduplicationId(sha256(dedupeSource));
        }
        try {
            client.sendMessage(request.build());
        } catch (SdkException e) {
            throw new DeadLetterQueueException(
                    "SendMessage to dead-letter queue " + queueUrl + " failed: " + e.getClass().getSimpleName(), e);
        }
    }

    private static Map<String, MessageAttributeValue> toSqs(Map<String, String> attributes) {
        Map<String, MessageAttributeValue> sqs = new LinkedHashMap<>();
        attributes.forEach((name, value) ->
                sqs.put(name, MessageAttributeValue.builder().dataType("String").stringValue(value).build()));
        return sqs;
    }

    static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "SqsDeadLetterQueue[" + queueUrl + "]";
    }
}
