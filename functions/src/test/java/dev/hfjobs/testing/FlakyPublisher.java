package dev.hfjobs.testing;

import dev.hfjobs.Deadline;
import dev.hfjobs.ports.EventPublisher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real publisher, except that the first {@code failures} events it is given come back as not
 * published, as PutEvents reports failed entries. moto cannot fail entries on demand.
 */
public final class FlakyPublisher implements EventPublisher {
    private final EventPublisher real;
    private final AtomicInteger failures;

    public FlakyPublisher(EventPublisher real, int failures) {
        this.real = real;
        this.failures = new AtomicInteger(failures);
    }

    @Override
    public List<HfEvent> publish(List<HfEvent> events, Deadline deadline) {
        List<HfEvent> failed = new ArrayList<>();
        List<HfEvent> passed = new ArrayList<>();
        for (HfEvent event : events) {
            (failures.getAndDecrement() > 0 ? failed : passed).add(event);
        }
        failed.addAll(real.publish(passed, deadline));
        return failed;
    }
}
