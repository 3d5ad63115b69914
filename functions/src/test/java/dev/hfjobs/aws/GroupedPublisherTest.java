package dev.hfjobs.aws;

import static dev.hfjobs.testing.Deadlines.soon;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hfjobs.Deadline;
import dev.hfjobs.model.Wire;
import dev.hfjobs.ports.EventPublisher.HfEvent;
import dev.hfjobs.ports.EventPublisher;
import dev.hfjobs.ports.GroupedPublisher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class GroupedPublisherTest {
    /** A slow bus (50 ms a call) that refuses events whose id ends in "-refused". */
    private static final class SlowBus implements EventPublisher {
        final List<Integer> callSizes = new CopyOnWriteArrayList<>();

        @Override
        public List<HfEvent> publish(List<HfEvent> events, Deadline deadline) {
            callSizes.add(events.size());
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return events.stream().filter(e -> e.eventId().endsWith("-refused")).toList();
        }
    }

    private static HfEvent event(String id) {
        return new HfEvent("HF Job Submitted", id, Wire.mapper().createObjectNode().put("jobId", id));
    }

    @Test
    void tenConcurrentPublishersShareAFewCallsAndEachGetsItsOwnFailures() throws Exception {
        SlowBus bus = new SlowBus();
        GroupedPublisher publisher = new GroupedPublisher(bus);
        List<Future<List<HfEvent>>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 10; i++) {
                String id = "job-" + i + (i % 3 == 0 ? "-refused" : "");
                results.add(threads.submit(() -> publisher.publish(List.of(event(id)), soon())));
            }
        }

        assertThat(bus.callSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(10);
        assertThat(bus.callSizes).hasSizeLessThanOrEqualTo(3);
        for (int i = 0; i < 10; i++) {
            List<String> failed = results.get(i).get().stream().map(HfEvent::eventId).toList();
            assertThat(failed).isEqualTo(i % 3 == 0 ? List.of("job-" + i + "-refused") : List.of());
        }
    }

    @Test
    void aLonePublisherIsSentAtOnceAndNothingIsSentForNoEvents() {
        SlowBus bus = new SlowBus();
        GroupedPublisher publisher = new GroupedPublisher(bus);

        assertThat(publisher.publish(List.of(), soon())).isEmpty();
        assertThat(publisher.publish(List.of(event("a"), event("b-refused")), soon())).extracting(HfEvent::eventId)
                .containsExactly("b-refused");
        assertThat(bus.callSizes).containsExactly(2);
    }
}
