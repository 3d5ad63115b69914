package dev.hfjobs.outbox;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.Deadline;
import dev.hfjobs.Log;
import dev.hfjobs.Metrics;
import dev.hfjobs.Metrics.Metric;
import dev.hfjobs.Once;
import dev.hfjobs.UrlConnections;
import dev.hfjobs.model.Wire;
import dev.hfjobs.ports.EventPublisher;
import dev.hfjobs.ports.EventPublisher.HfEvent;
import dev.hfjobs.wiring.Priming;
import dev.hfjobs.wiring.WarmUp;
import dev.hfjobs.wiring.Wiring;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code EventOutboxFunction}: the jobs table's stream, filtered to new items that carry an event
 * ({@link dev.hfjobs.store.OutboxEvent}), published to the bus. This is how {@code HF Job Submitted}
 * leaves: the submit writes the job's record with its event in the same item, and this function
 * publishes it, so the event exists exactly when the record does and the submit does not wait for
 * EventBridge.
 *
 * <p>Answers a partial batch response: the records whose event could not be published (or whose
 * outbox cannot be read) are reported by sequence number, and the event source mapping retries from
 * the first of them, then sets the batch aside on its on-failure destination. Events are
 * at-least-once: a retried batch publishes again what was published before; consumers dedupe on
 * the event id.
 */
public final class EventOutboxFunction implements RequestStreamHandler {
    static {
        // Before any HTTP in this process: see UrlConnections.
        UrlConnections.beforeFirstConnection();
    }

    private static final Duration MARGIN = Duration.ofSeconds(2);
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final Supplier<EventPublisher> events;
    private final Priming priming;

    /**
     * The runtime's constructor: wires the real clients from the environment, once per container,
     * and primes under provisioned concurrency ({@link Priming#primeAheadOfTraffic}).
     */
    public EventOutboxFunction() {
        this(Wiring::fromEnvironment);
        priming.primeAheadOfTraffic(System.getenv());
    }

    EventOutboxFunction(Supplier<Wiring> wiring) {
        this.events = new Once<>(() -> wiring.get().events());
        this.priming = Priming.register(this::warmUp);
    }

    /**
     * SnapStart priming, run before the snapshot (and callable any time): builds the wiring and runs
     * {@link WarmUp#all()}. Publishes nothing.
     */
    public void prime() {
        priming.prime();
    }

    private void warmUp() {
        WarmUp.all();
        events.get();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        try (Log.Scope request = Log.begin(); Metrics.Batch metrics = Metrics.begin()) {
            Log.correlate(Log.REQUEST_ID, context == null ? null : context.getAwsRequestId());
            Deadline deadline = Deadline.ofInvocation(context, MARGIN, DEFAULT_TIMEOUT);
            List<String> failed = publish(OutboxRecords.parse(input.readAllBytes()), deadline);
            output.write(Wire.write(answer(failed)).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Publishes the entries' events; answers the sequence numbers of the records not done, in order. */
    private List<String> publish(List<OutboxRecords.Entry> entries, Deadline deadline) {
        List<HfEvent> toPublish = new ArrayList<>();
        int unreadable = 0;
        for (OutboxRecords.Entry entry : entries) {
            switch (entry) {
                case OutboxRecords.Entry.Publish publish -> toPublish.add(publish.event());
                case OutboxRecords.Entry.Unreadable bad -> {
                    unreadable++;
                    Log.error("outbox event unreadable", Map.of("key", bad.key(), "sequenceNumber",
                            bad.sequenceNumber(), "rule", bad.rule()));
                }
                case OutboxRecords.Entry.Skip skip -> { }
            }
        }
        List<HfEvent> unpublished = toPublish.isEmpty() ? List.of() : events.get().publish(toPublish, deadline);
        // The publisher answers the very instances it was given (two records may carry equal events).
        Set<HfEvent> notPublished = Collections.newSetFromMap(new IdentityHashMap<>());
        notPublished.addAll(unpublished);
        List<String> failed = new ArrayList<>();
        for (OutboxRecords.Entry entry : entries) {
            boolean notDone = switch (entry) {
                case OutboxRecords.Entry.Publish publish -> notPublished.contains(publish.event());
                case OutboxRecords.Entry.Unreadable bad -> true;
                case OutboxRecords.Entry.Skip skip -> false;
            };
            if (notDone) {
                failed.add(entry.sequenceNumber());
            }
        }
        int published = toPublish.size() - unpublished.size();
        Metrics.add(Metric.OUTBOX_EVENTS, published, "published");
        Metrics.add(Metric.OUTBOX_EVENTS, unpublished.size(), "unpublished");
        Metrics.add(Metric.OUTBOX_EVENTS, unreadable, "unreadable");
        Log.info("outbox", Map.of("records", entries.size(), "published", published,
                "unpublished", unpublished.size(), "unreadable", unreadable));
        return failed;
    }

    /** The partial batch response: {@code {"batchItemFailures": [{"itemIdentifier": sequence number}]}}. */
    private static ObjectNode answer(List<String> failed) {
        ObjectNode answer = Wire.object();
        var list = answer.putArray("batchItemFailures");
        failed.forEach(sequence -> list.addObject().put("itemIdentifier", sequence));
        return answer;
    }
}
