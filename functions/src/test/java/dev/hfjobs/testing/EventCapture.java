package dev.hfjobs.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The events EventBridge accepted for one bus, as consumers receive them: the envelope JSON
 * ({@code id}, {@code detail-type}, {@code source}, {@code detail}, ...). They are recorded on the
 * way out by {@link EventRecorder} from each real {@code PutEvents} call to moto and its answer, so
 * capturing costs nothing: moto spends ~110 ms an entry routing an event through a rule to a target
 * (it rebuilds a JSONPath parser per input path), and a test suite that routed every event would
 * get slower with every event it published.
 *
 * <p>Events that leave through the jobs table's stream ({@code EventOutboxFunction}) are published
 * by the {@link #pumpWith pumps}, which stand in for Lambda's event source mapping: every read here
 * runs them first, so a test sees such an event as soon as it asks for events.
 *
 * @param busName the bus the functions publish to
 */
public record EventCapture(String busName, LinkedBlockingQueue<JsonNode> pending, List<JsonNode> all,
        List<Runnable> pumps) {

    EventCapture(String busName) {
        this(busName, new LinkedBlockingQueue<>(), new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
    }

    /** Runs {@code pump} before every read: it publishes what the stream holds by then. */
    public void pumpWith(Runnable pump) {
        pumps.add(pump);
    }

    private void pump() {
        pumps.forEach(Runnable::run);
    }

    void accepted(JsonNode event) {
        all.add(event);
        pending.add(event);
    }

    /**
     * Takes up to {@code count} events not taken before, waiting at most {@code timeout} for them
     * to arrive; returns those that did.
     */
    public List<JsonNode> receive(int count, Duration timeout) {
        List<JsonNode> events = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (events.size() < count) {
            pump();
            pending.drainTo(events, count - events.size());
            long left = deadline - System.nanoTime();
            if (events.size() >= count || left <= 0) {
                break;
            }
            JsonNode next = poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
            if (next != null) {
                events.add(next);
            }
        }
        return events;
    }

    /** Every event not taken before that arrives within {@code quiet} of the previous one. */
    public List<JsonNode> drain(Duration quiet) {
        List<JsonNode> events = new ArrayList<>();
        pump();
        for (JsonNode next = poll(quiet.toNanos()); next != null; next = poll(quiet.toNanos())) {
            events.add(next);
            pump();
        }
        return events;
    }

    /** Every event accepted for this bus so far, taken or not. */
    public List<JsonNode> everything() {
        pump();
        return List.copyOf(all);
    }

    private JsonNode poll(long nanos) {
        try {
            return pending.poll(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
