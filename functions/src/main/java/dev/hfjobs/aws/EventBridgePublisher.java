package dev.hfjobs.aws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.Deadline;
import dev.hfjobs.Log;
import dev.hfjobs.model.Wire;
import dev.hfjobs.ports.EventPublisher;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * {@link EventPublisher} on Amazon EventBridge: {@code PutEvents} with source {@code hf.jobs} on
 * one bus, in requests of at most 10 entries and 256 KB.
 *
 * <p>Entries that PutEvents reports as failed are sent again, alone, with exponential backoff and
 * jitter, except those whose error can never succeed ({@code InvalidArgument},
 * {@code MalformedDetail}). A request that throws is retried the same way when the failure may be
 * transient (network, throttling, 5xx; the SDK has already retried those itself), but not after it
 * ran out of its time limit. No attempt starts past the caller's deadline. An event larger than
 * the request limit is returned as failed without being sent.
 */
public final class EventBridgePublisher implements EventPublisher {
    /** The source of every event. */
    public static final String SOURCE = "hf.jobs";

    static final int MAX_ENTRIES = 10;
    // PutEvents counts Source, DetailType, Detail, Resources and 14 bytes for Time against 256 KB.
    static final int MAX_REQUEST_BYTES = 256 * 1024;
    static final int DEFAULT_ATTEMPTS = 4;
    static final Duration DEFAULT_BASE_DELAY = Duration.ofMillis(100);
    private static final Set<String> PERMANENT_ERRORS = Set.of("InvalidArgument", "MalformedDetail");

    private final EventBridgeClient client;
    private final String busName;
    private final int attempts;
    private final Duration baseDelay;

    /** A publisher to {@code busName} (name or ARN) with the default retry budget (4 attempts). */
    public EventBridgePublisher(EventBridgeClient client, String busName) {
        this(client, busName, DEFAULT_ATTEMPTS, DEFAULT_BASE_DELAY);
    }

    EventBridgePublisher(EventBridgeClient client, String busName, int attempts, Duration baseDelay) {
        this.client = Objects.requireNonNull(client, "client");
        this.busName = Objects.requireNonNull(busName, "busName");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
        }
        this.attempts = attempts;
        this.baseDelay = Objects.requireNonNull(baseDelay, "baseDelay");
    }

    @Override
    public List<HfEvent> publish(List<HfEvent> events, Deadline deadline) {
        List<Outgoing> sendable = new ArrayList<>();
        List<HfEvent> failed = new ArrayList<>();
        for (HfEvent event : events) {
            Outgoing outgoing = toEntry(event);
            if (outgoing.size() > MAX_REQUEST_BYTES) {
                Log.warn("event exceeds the PutEvents size limit; not sent",
                        Map.of("eventId", event.eventId(), "bytes", outgoing.size()));
                failed.add(event);
            } else {
                sendable.add(outgoing);
            }
        }
        for (List<Outgoing> chunk : chunks(sendable)) {
            failed.addAll(sendWithRetries(chunk, deadline));
        }
        return inOriginalOrder(events, failed);
    }

    private Outgoing toEntry(HfEvent event) {
        ObjectNode detail = event.detail().deepCopy();
        detail.put("eventId", event.eventId());
        PutEventsRequestEntry entry = PutEventsRequestEntry.builder()
                .eventBusName(busName)
                .source(SOURCE)
                .detailType(event.detailType())
                .detail(Wire.write(detail))
                .build();
        return new Outgoing(event, entry, sizeOf(entry));
    }

    static int sizeOf(PutEventsRequestEntry entry) {
        return utf8Length(entry.source()) + utf8Length(entry.detailType()) + utf8Length(entry.detail());
    }

    private static int utf8Length(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Consecutive groups of at most 10 entries and 256 KB. */
    static List<List<Outgoing>> chunks(List<Outgoing> entries) {
        List<List<Outgoing>> chunks = new ArrayList<>();
        List<Outgoing> current = new ArrayList<>();
        int bytes = 0;
        for (Outgoing entry : entries) {
            if (current.size() == MAX_ENTRIES || bytes + entry.size() > MAX_REQUEST_BYTES) {
                chunks.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(entry);
            bytes += entry.size();
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }

    /**
     * Sends one chunk; returns the events that are still failed after the last attempt, the last
     * one that fits before the deadline.
     */
    private List<HfEvent> sendWithRetries(List<Outgoing> chunk, Deadline deadline) {
        List<Outgoing> pending = chunk;
        List<HfEvent> failed = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            Attempt result = sendOnce(pending, deadline);
            failed.addAll(result.permanent());
            pending = result.retryable();
            if (pending.isEmpty() || attempt >= attempts) {
                break;
            }
            Duration wait = backoff(attempt);
            if (!deadline.allows(wait.plus(AwsCalls.MIN_CALL)) || !AwsCalls.pause(wait)) {
                break;
            }
        }
        pending.forEach(o -> failed.add(o.event()));
        return failed;
    }

    private Attempt sendOnce(List<Outgoing> pending, Deadline deadline) {
        Optional<AwsRequestOverrideConfiguration> limits = AwsCalls.limits(deadline);
        if (limits.isEmpty()) {
            return new Attempt(List.of(), pending.stream().map(Outgoing::event).toList());
        }
        PutEventsResponse response;
        try {
            response = client.putEvents(b -> b.entries(pending.stream().map(Outgoing::entry).toList())
                    .overrideConfiguration(limits.get()));
        } catch (SdkException e) {
            Log.warn("PutEvents failed", Map.of("bus", busName, "entries", pending.size(),
                    "error", e.getClass().getSimpleName()));
            return AwsCalls.worthRetrying(e)
                    ? new Attempt(pending, List.of())
                    : new Attempt(List.of(), pending.stream().map(Outgoing::event).toList());
        }
        return sorted(pending, response);
    }

    /** Splits a response's entries (same order as the request's) into retryable and permanent. */
    private Attempt sorted(List<Outgoing> pending, PutEventsResponse response) {
        List<Outgoing> retryable = new ArrayList<>();
        List<HfEvent> permanent = new ArrayList<>();
        List<PutEventsResultEntry> results = response.entries();
        for (int i = 0; i < pending.size(); i++) {
            String error = i < results.size() ? results.get(i).errorCode() : "MissingResultEntry";
            if (error == null) {
                continue;
            }
            Log.warn("event not published", Map.of("eventId", pending.get(i).event().eventId(), "errorCode", error));
            if (PERMANENT_ERRORS.contains(error)) {
                permanent.add(pending.get(i).event());
            } else {
                retryable.add(pending.get(i));
            }
        }
        return new Attempt(retryable, permanent);
    }

    private Duration backoff(int attempt) {
        long cap = baseDelay.toMillis() << (attempt - 1);
        return Duration.ofMillis(cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1));
    }

    /** The failed events in the order they were given (chunks and retries reorder them). */
    private static List<HfEvent> inOriginalOrder(List<HfEvent> events, List<HfEvent> failed) {
        if (failed.isEmpty()) {
            return List.of();
        }
        Set<HfEvent> failedSet = Collections.newSetFromMap(new IdentityHashMap<>());
        failedSet.addAll(failed);
        return events.stream().filter(failedSet::contains).toList();
    }

    record Outgoing(HfEvent event, PutEventsRequestEntry entry, int size) {}

    private record Attempt(List<Outgoing> retryable, List<HfEvent> permanent) {}
}
