package dev.hfjobs.ports;

import dev.hfjobs.Deadline;
import java.util.List;
import java.util.Objects;

/**
 * An {@link EventPublisher} that sends events published concurrently together ({@link GroupCommit}):
 * a queue batch of ten parallel submissions costs about two {@code PutEvents} calls instead of ten.
 * Each caller gets back exactly its own unpublished events, and never waits past its deadline:
 * events still queued or in flight then are returned as unpublished (they may yet be delivered by
 * whoever sends them; consumers dedupe on the event id).
 */
public final class GroupedPublisher implements EventPublisher {
    private final GroupCommit<HfEvent> commit;

    public GroupedPublisher(EventPublisher delegate) {
        this.commit = new GroupCommit<>(Objects.requireNonNull(delegate, "delegate")::publish);
    }

    @Override
    public List<HfEvent> publish(List<HfEvent> events, Deadline deadline) {
        return commit.submit(events, deadline);
    }
}
