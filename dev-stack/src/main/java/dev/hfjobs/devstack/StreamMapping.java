package dev.hfjobs.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Lambda's event source mapping for a DynamoDB stream, played where no Lambda service polls (local
 * runs, tests): the records the filter lets through, in batches, to a handler that answers the
 * sequence numbers it failed (a partial batch response). A failed batch is handed over again from
 * its first failed record on the next {@link #drain}, up to {@code maxAttempts} times in all; then
 * those records are set aside ({@link #setAside()}), as {@code MaximumRetryAttempts} and an
 * on-failure destination do.
 */
public final class StreamMapping {
    private final TableStream stream;
    private final Predicate<JsonNode> filter;
    private final int batchSize;
    private final int maxAttempts;
    private final Function<ObjectNode, Set<String>> handler;
    private final List<ObjectNode> retry = new ArrayList<>();
    private final List<ObjectNode> setAside = new ArrayList<>();
    private int attempts;
    private volatile boolean stopped;

    /**
     * @param handler invoked with the event of a batch ({@link TableStream#event}); answers the
     *     sequence numbers of the records it did not process
     */
    public StreamMapping(TableStream stream, Predicate<JsonNode> filter, int batchSize, int maxAttempts,
            Function<ObjectNode, Set<String>> handler) {
        this.stream = stream;
        this.filter = filter;
        this.batchSize = batchSize;
        this.maxAttempts = maxAttempts;
        this.handler = handler;
    }

    /**
     * Hands the handler what the stream holds now, batch after batch, until nothing is left or a
     * batch failed (it is retried on the next call); answers how many batches were handed over.
     */
    public synchronized int drain() {
        int batches = 0;
        while (!stopped) {
            List<ObjectNode> batch = retry.isEmpty() ? stream.read(filter, batchSize) : List.copyOf(retry);
            if (batch.isEmpty()) {
                return batches;
            }
            batches++;
            Set<String> failed = handler.apply(TableStream.event(batch));
            retry.clear();
            if (failed.isEmpty()) {
                attempts = 0;
                continue;
            }
            List<ObjectNode> again = fromFirstFailed(batch, failed);
            if (++attempts >= maxAttempts) {
                setAside.addAll(again);
                attempts = 0;
            } else {
                retry.addAll(again);
                return batches;
            }
        }
        return batches;
    }

    /** The sequence numbers a partial batch response ({@code batchItemFailures}) names. */
    public static Set<String> failures(JsonNode answer) {
        Set<String> failed = new HashSet<>();
        answer.path("batchItemFailures").forEach(item -> failed.add(item.path("itemIdentifier").asText()));
        return failed;
    }

    /** The records given up on after their attempts (what an on-failure destination is told of). */
    public synchronized List<ObjectNode> setAside() {
        return List.copyOf(setAside);
    }

    /** Hands nothing over from now on. */
    public void stop() {
        stopped = true;
    }

    /** Lambda retries a stream batch from its first failed record: that one and all after it. */
    private static List<ObjectNode> fromFirstFailed(List<ObjectNode> batch, Set<String> failed) {
        for (int i = 0; i < batch.size(); i++) {
            if (failed.contains(batch.get(i).at("/dynamodb/SequenceNumber").asText())) {
                return List.copyOf(batch.subList(i, batch.size()));
            }
        }
        // Identifiers that name no record of the batch: Lambda then retries the whole batch.
        return List.copyOf(batch);
    }
}
