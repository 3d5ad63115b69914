package dev.hfjobs.ports;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.Deadline;
import java.util.List;
import java.util.Objects;

/**
 * Publishes the project's events (source {@code hf.jobs}) to the event bus. Delivery is
 * at-least-once: consumers dedupe on the {@code eventId} member of the detail.
 */
public interface EventPublisher {
    /**
     * Publishes the events, retrying transient failures a bounded number of times and never past
     * {@code deadline}. Never throws for a delivery failure: the events still not published are
     * returned, so the caller decides (report a batch item failure, log, give up). An event
     * returned may still have been delivered (its answer was lost): consumers dedupe on its id.
     *
     * @return the events that could not be published, in their original order; empty when all were
     */
    List<HfEvent> publish(List<HfEvent> events, Deadline deadline);

    /**
     * One event.
     *
     * @param detailType the EventBridge detail-type, e.g. {@code HF Job State Change}
     * @param eventId a stable id for deduplication, e.g. job id + stage; the publisher adds it to
     *     the detail as {@code "eventId"}
     * @param detail the event's detail object (never a secret value); not modified by the publisher
     */
    record HfEvent(String detailType, String eventId, ObjectNode detail) {
        public HfEvent {
            Objects.requireNonNull(detailType, "detailType");
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
