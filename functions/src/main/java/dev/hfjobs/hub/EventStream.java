package dev.hfjobs.hub;

import java.util.List;

/**
 * What a server-sent event stream of the Hub delivered within a bounded read.
 *
 * @param events the events in the order received: the Hub's {@code event:} name (null when it gave
 *     none) and each {@code data:} line's text
 * @param ended true when the Hub closed the stream itself (the job is over, for logs); false when
 *     the read was cut (silence, the time allowed, or the size limits)
 * @param truncated true when a size limit cut the read: events were left unread
 */
public record EventStream(List<Event> events, boolean ended, boolean truncated) {
    public EventStream {
        events = List.copyOf(events);
    }

    /** One event: its name, when given, and its data (JSON text for the Jobs streams). */
    public record Event(String name, String data) {}
}
