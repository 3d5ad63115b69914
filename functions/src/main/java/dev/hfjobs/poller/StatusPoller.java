package dev.hfjobs.poller;

import dev.hfjobs.Deadline;
import dev.hfjobs.Log;
import dev.hfjobs.Once;
import dev.hfjobs.hardware.Catalog;
import dev.hfjobs.hardware.CatalogSource;
import dev.hfjobs.hub.HfJobsClient;
import dev.hfjobs.ports.EventPublisher.HfEvent;
import dev.hfjobs.ports.EventPublisher;
import dev.hfjobs.store.JobRecord;
import dev.hfjobs.store.JobRecords;
import dev.hfjobs.store.Leases;
import dev.hfjobs.store.Page;
import dev.hfjobs.submit.Tracking;
import dev.hfjobs.wiring.Wiring;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Finds the tracked jobs whose stage changed and publishes {@code HF Job State Change} for each.
 *
 * <p>Per namespace it lists the active jobs the project started (stage filter + the
 * {@code hfjobs-managed} label, every page) and inspects one by one only the tracked jobs that left
 * that list. A change is published first and recorded second, so a failed publish is found again on
 * the next run: at least once, never lost. A lease in the store keeps overlapping runs from doing
 * the same work, and the deadline bounds a run: what is left waits for the next.
 */
public final class StatusPoller {
    static final String LEASE = "status-poller";
    private static final int STORE_PAGE = 1000;
    // Namespaces listed at once, and record writes at once: the same calls, sooner. Small, so a run
    // stays far from the Hub's and the table's rate limits.
    static final int NAMESPACES_AT_ONCE = 4;
    static final int WRITES_AT_ONCE = 8;
    static final int INSPECTIONS_AT_ONCE = 8;
    // The lease is released with this much time of its own, after the run's deadline if need be.
    private static final Duration RELEASE_TIME = Duration.ofSeconds(2);
    // Stop starting namespaces when less than this is left: a list and a few inspections fit.
    private static final Duration MIN_FOR_NAMESPACE = Duration.ofSeconds(3);

    private final HfJobsClient hub;
    private final JobRecords jobs;
    private final Leases leases;
    private final EventPublisher events;
    private final CatalogSource catalog;
    private final Clock clock;
    private final PollerSettings settings;

    public StatusPoller(HfJobsClient hub, JobRecords jobs, Leases leases, CatalogSource catalog, EventPublisher events,
            Clock clock, PollerSettings settings) {
        this.hub = hub;
        this.jobs = jobs;
        this.leases = leases;
        this.events = events;
        this.catalog = catalog;
        this.clock = clock;
        this.settings = settings;
    }

    /** A poller over a function's parts. */
    public static StatusPoller of(Wiring wiring, PollerSettings settings) {
        return new StatusPoller(wiring.hub(), wiring.jobs(), wiring.leases(), wiring.catalog(), wiring.events(),
                wiring.clock(), settings);
    }

    /** One run: every tracked active job checked once, unless the deadline comes first. */
    public PollReport run(Deadline deadline) {
        String owner = Tracking.newId();
        Instant now = clock.instant();
        if (!leases.acquire(LEASE, owner, now.plus(deadline.remaining()).plusSeconds(5), now, deadline)) {
            Log.info("poller run skipped: another run holds the lease", Map.of());
            return PollReport.skippedRun();
        }
        try {
            return poll(deadline);
        } finally {
            // Even when the run used all its time: a lease left behind delays the next run by minutes.
            leases.release(LEASE, owner, Deadline.after(RELEASE_TIME));
        }
    }

    private PollReport poll(Deadline deadline) {
        List<JobRecord> tracked = activeRecords(deadline);
        Map<String, List<JobRecord>> byNamespace = new TreeMap<>();
        tracked.forEach(r -> byNamespace.computeIfAbsent(r.namespace(), ns -> new ArrayList<>()).add(r));
        if (settings.defaultNamespace() != null) {
            byNamespace.computeIfAbsent(settings.defaultNamespace(), ns -> new ArrayList<>());
        }
        // Read at most once per run, by whichever namespace first needs a price.
        Tally tally = new Tally(new Once<>(() -> catalog.current(deadline)));
        AtomicInteger leftOver = new AtomicInteger();
        inParallel(List.copyOf(byNamespace.entrySet()), NAMESPACES_AT_ONCE, entry -> {
            if (deadline.allows(MIN_FOR_NAMESPACE)) {
                new NamespacePoll(entry.getKey(), entry.getValue(), this, deadline, tally).run();
            } else {
                leftOver.incrementAndGet();
            }
        });
        return tally.report(tracked.size(), byNamespace.size() - leftOver.get(), leftOver.get());
    }

    /**
     * Runs {@code action} on every item, at most {@code limit} at once, on virtual threads (the work
     * is waiting on the Hub and the store); returns when all are done. A failing item is logged and
     * does not stop the others.
     */
    static <T> void inParallel(List<T> items, int limit, Consumer<T> action) {
        Semaphore slots = new Semaphore(limit);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (T item : items) {
                executor.submit(() -> {
                    slots.acquireUninterruptibly();
                    try {
                        action.accept(item);
                    } catch (RuntimeException e) {
                        Log.error("poller step failed; it is retried next run", Log.failure(e));
                    } finally {
                        slots.release();
                    }
                });
            }
        }
    }

    private List<JobRecord> activeRecords(Deadline deadline) {
        List<JobRecord> all = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            Page<JobRecord> page = jobs.active(cursor, STORE_PAGE, deadline);
            all.addAll(page.items());
            cursor = page.next();
        } while (cursor.isPresent());
        return all;
    }

    /**
     * Publishes the events of a set of changes, then records each change whose event went out.
     *
     * @return how many were published and recorded
     */
    void publishAndRecord(List<Change> changes, Tally tally, Deadline deadline) {
        Set<HfEvent> unpublished = new HashSet<>(events.publish(changes.stream().map(Change::event).toList(),
                deadline));
        tally.unpublished.addAndGet(unpublished.size());
        List<Change> published = changes.stream().filter(c -> !unpublished.contains(c.event())).toList();
        inParallel(published, WRITES_AT_ONCE, change -> {
            if (jobs.updateStage(change.updated(), change.record().version(), deadline)) {
                tally.published.incrementAndGet();
            }
        });
    }

    /** A stage change found: the record as it was, as it becomes, and its event. */
    record Change(JobRecord record, JobRecord updated, HfEvent event) {}

    HfJobsClient hub() {
        return hub;
    }

    JobRecords jobs() {
        return jobs;
    }

    EventPublisher events() {
        return events;
    }

    Clock clock() {
        return clock;
    }

    PollerSettings settings() {
        return settings;
    }

    /** The state of one run: the catalog it read, and counters the namespaces fill in at once. */
    static final class Tally {
        final Supplier<Optional<Catalog>> catalog;
        final AtomicInteger hubCalls = new AtomicInteger();
        final AtomicInteger changes = new AtomicInteger();
        final AtomicInteger published = new AtomicInteger();
        final AtomicInteger unpublished = new AtomicInteger();
        final AtomicInteger adopted = new AtomicInteger();
        final AtomicInteger canceled = new AtomicInteger();

        Tally(Supplier<Optional<Catalog>> catalog) {
            this.catalog = catalog;
        }

        PollReport report(int tracked, int namespaces, int leftOver) {
            return new PollReport(tracked, namespaces, hubCalls.get(), changes.get(), published.get(),
                    unpublished.get(), adopted.get(), canceled.get(), leftOver, false);
        }
    }
}
