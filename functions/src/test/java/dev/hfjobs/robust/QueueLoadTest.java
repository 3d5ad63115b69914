package dev.hfjobs.robust;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.emulator.HfJobsEmulator;
import dev.hfjobs.emulator.JobSnapshot;
import dev.hfjobs.model.Wire;
import dev.hfjobs.ports.DeadLetterQueue;
import dev.hfjobs.queue.QueueSubmitFunction;
import dev.hfjobs.testing.TestStack;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * 1,000 valid queued submissions (and some invalid ones) through four concurrent
 * {@code QueueSubmitFunction} "containers", batches of 10, as SQS would deliver them: failed items
 * re-delivered until done, 10% of batches delivered twice, while the Hub answers 503s, 429s and
 * drops connections after creating jobs. Exactly one job per valid message; every invalid message on
 * the dead-letter queue with its reason.
 */
class QueueLoadTest {
    static final int VALID = Integer.getInteger("robust.load.valid", 1_000);
    static final int INVALID = VALID / 25;
    static final int CONTAINERS = 4;
    static final int MAX_DELIVERIES = 30;

    @Test
    void thousandQueuedSubmissionsUnderFaultsGiveExactlyOneJobEach() throws Exception {
        long started = System.nanoTime();
        try (TestStack stack = TestStack.create()) {
            HfJobsEmulator hub = TestStack.hub();
            LinkedBlockingDeque<ObjectNode> queue = new LinkedBlockingDeque<>();
            Set<String> validIds = new HashSet<>();
            Set<String> invalidIds = new HashSet<>();
            for (int i = 0; i < VALID + INVALID; i++) {
                String id = String.format("load-%04d", i);
                boolean invalid = i % ((VALID + INVALID) / INVALID) == 7;
                String body = invalid ? BadRequests.with("timeout", "\"-" + i + "m\"")
                        : BadRequests.with("labels", "{\"msg\": \"" + id + "\"}");
                (invalid ? invalidIds : validIds).add(id);
                queue.add(Robust.record(id, body, null));
            }
            assertThat(validIds).hasSize(VALID);

            Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
            AtomicInteger batches = new AtomicInteger();
            AtomicInteger redeliveredBatches = new AtomicInteger();
            AtomicInteger itemFailures = new AtomicInteger();
            AtomicInteger inFlight = new AtomicInteger();
            AtomicBoolean done = new AtomicBoolean();
            Faults faults = new Faults(hub);
            Thread chaos = Thread.ofPlatform().daemon().start(() -> {
                if (!Boolean.getBoolean("robust.load.nofaults")) {
                    faults.keepArming(done);
                }
            });
            try (ExecutorService containers = Executors.newFixedThreadPool(CONTAINERS)) {
                List<Future<?>> running = new ArrayList<>();
                for (int c = 0; c < CONTAINERS; c++) {
                    QueueSubmitFunction function = Robust.queue(stack::wiring);
                    Random random = new Random(42 + c);
                    running.add(containers.submit(() -> {
                        while (true) {
                            List<ObjectNode> batch = take(queue, inFlight);
                            if (batch == null) {
                                return null;
                            }
                            batches.incrementAndGet();
                            batch.forEach(r -> assertThat(deliveries.computeIfAbsent(r.path("messageId").asText(),
                                    k -> new AtomicInteger()).incrementAndGet()).isLessThanOrEqualTo(MAX_DELIVERIES));
                            String response = Robust.invoke(function, Wire.write(Robust.batch(batch)), 120);
                            stack.saw(response);
                            Set<String> failed = Set.copyOf(Robust.failedIds(response));
                            itemFailures.addAndGet(failed.size());
                            boolean again = random.nextInt(10) == 0;
                            if (again) {
                                redeliveredBatches.incrementAndGet();
                            }
                            batch.stream().filter(r -> again || failed.contains(r.path("messageId").asText()))
                                    .forEach(queue::add);
                            inFlight.decrementAndGet();
                        }
                    }));
                }
                for (Future<?> container : running) {
                    container.get(170, TimeUnit.SECONDS);
                }
            } finally {
                done.set(true);
                chaos.join();
            }

            List<JobSnapshot> jobs = hub.jobs();
            Map<String, Integer> perMessage = new HashMap<>();
            Set<String> tracking = new HashSet<>();
            for (JobSnapshot job : jobs) {
                perMessage.merge(job.labels().get("msg"), 1, Integer::sum);
                assertThat(tracking.add(job.labels().get("hfjobs-tracking"))).as("unique tracking label").isTrue();
            }
            long duplicates = perMessage.values().stream().filter(n -> n > 1).count();
            List<Message> aside = stack.deadLetters();
            Set<String> asideIds = new HashSet<>();
            aside.forEach(m -> {
                assertThat(TestStack.attribute(m, DeadLetterQueue.REASON)).isEqualTo("invalid-request");
                asideIds.add(TestStack.attribute(m, DeadLetterQueue.SOURCE_MESSAGE_ID));
                // The body is the message as its sender wrote it (kept for a redrive): only what we added is ours.
                stack.saw("DLQ " + m.messageAttributes());
            });
            int items = Robust.scanTable(stack);
            long events = scanEvents(stack);
            stack.assertNoSecretLeaked();
            long posts = Robust.posts(hub);
            System.out.printf("ROBUST load: %d valid + %d invalid messages, %d containers, %d batches (%d delivered"
                    + " twice), %d item failures re-delivered, max %d deliveries of one message; faults armed: %s;"
                    + " Hub POSTs %d; jobs expected %d, found %d, duplicates %d; dead-lettered %d (expected %d);"
                    + " %d table items and %d events scanned, 0 leaks; %d ms%n", VALID, INVALID, CONTAINERS,
                    batches.get(), redeliveredBatches.get(), itemFailures.get(),
                    deliveries.values().stream().mapToInt(AtomicInteger::get).max().orElse(0), faults, posts,
                    VALID, jobs.size(), duplicates, aside.size(), INVALID, items, events,
                    (System.nanoTime() - started) / 1_000_000);
            assertThat(duplicates).isZero();
            assertThat(jobs).hasSize(VALID);
            assertThat(perMessage.keySet()).isEqualTo(validIds);
            assertThat(asideIds).isEqualTo(invalidIds);
            // At-least-once: an invalid message in a batch delivered twice is set aside twice.
            assertThat(aside).hasSizeGreaterThanOrEqualTo(INVALID);
        }
    }

    /** Every event the bus accepted, recorded for the leak scan. */
    private static long scanEvents(TestStack stack) {
        List<JsonNode> events = stack.events.everything();
        events.forEach(e -> stack.saw(Wire.write(e)));
        return events.size();
    }

    /** Up to 10 messages, waiting while other batches may still put failures back; null when all done. */
    private static List<ObjectNode> take(LinkedBlockingDeque<ObjectNode> queue, AtomicInteger inFlight)
            throws InterruptedException {
        while (true) {
            synchronized (queue) {
                List<ObjectNode> batch = new ArrayList<>();
                queue.drainTo(batch, 10);
                if (!batch.isEmpty()) {
                    inFlight.incrementAndGet();
                    return batch;
                }
                if (inFlight.get() == 0) {
                    return null;
                }
            }
            Thread.sleep(20);
        }
    }

    /** Keeps Hub faults coming while the load runs, and counts what it armed. */
    static final class Faults {
        final HfJobsEmulator hub;
        final AtomicInteger http503 = new AtomicInteger();
        final AtomicInteger http429 = new AtomicInteger();
        final AtomicInteger dropped = new AtomicInteger();
        final AtomicInteger malformed = new AtomicInteger();

        Faults(HfJobsEmulator hub) {
            this.hub = hub;
        }

        void keepArming(AtomicBoolean done) {
            int tick = 0;
            while (!done.get()) {
                hub.failNext("POST", "^/api/jobs/alice$", 2, 503);
                http503.addAndGet(2);
                if (tick % 2 == 0) {
                    hub.rateLimitNext(1, 1);
                    http429.incrementAndGet();
                }
                if (tick % 3 == 0) {
                    hub.dropAfterCreate(1);
                    dropped.incrementAndGet();
                }
                if (tick % 5 == 0) {
                    hub.malformedNext(1);
                    malformed.incrementAndGet();
                }
                tick++;
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        @Override
        public String toString() {
            return http503 + " x 503 on POST, " + http429 + " x 429 (Retry-After 1), " + dropped
                    + " connections dropped after create, " + malformed + " malformed answers";
        }
    }
}
