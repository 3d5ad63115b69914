package dev.hfjobs.store;

import java.util.Objects;

/**
 * An event written with the record it announces, in the same item: the table's stream carries the
 * new item to {@code EventOutboxFunction}, which publishes the event. So the event is published
 * exactly when the record exists (never lost after the write, never sent for a write that failed),
 * and the request that wrote it does not wait for EventBridge.
 *
 * @param detailType the EventBridge detail-type, e.g. {@code HF Job Submitted}
 * @param eventId the event's stable id, for consumers to dedupe
 * @param detail the event's detail, a JSON object as text (never a secret value)
 */
public record OutboxEvent(String detailType, String eventId, String detail) {
    public OutboxEvent {
        Objects.requireNonNull(detailType, "detailType");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(detail, "detail");
    }
}
