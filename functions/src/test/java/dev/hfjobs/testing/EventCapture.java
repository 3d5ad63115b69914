package dev.hfjobs.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * An event bus whose {@code hf.jobs} events a rule forwards to a queue: {@link #receive} reads
 * them back as the EventBridge envelope JSON ({@code detail-type}, {@code source}, {@code detail}).
 */
public record EventCapture(String busName, String queueUrl, SqsClient sqs) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Waits until {@code count} events arrived (or the timeout passed) and returns those that did. */
    public List<JsonNode> receive(int count, Duration timeout) {
        List<JsonNode> events = new ArrayList<>();
        Instant deadline = Instant.now().plus(timeout);
        while (events.size() < count && Instant.now().isBefore(deadline)) {
            for (Message message : sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
                events.add(parse(message.body()));
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
        return events;
    }

    /** Every event that arrives within {@code quiet} of the previous one. */
    public List<JsonNode> drain(Duration quiet) {
        return receive(Integer.MAX_VALUE, quiet);
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
