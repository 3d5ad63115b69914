package dev.hfjobs.poller;

import dev.hfjobs.Deadline;
import dev.hfjobs.Log;
import dev.hfjobs.Once;
import dev.hfjobs.hardware.Catalog;
import dev.hfjobs.hardware.CatalogSource;
import dev.hfjobs.hub.HfJobsClient;
import dev.hfjobs.hub.HubResult;
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
import java.util.Collections;
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
        Supplier<Optional<Catalog>> prices = new Once<>(() -> catalog.current(deadline));
        List<Findings> found = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger leftOver = new AtomicInteger();
        inParallel(List.copyOf(byNamespace.entrySet()), NAMESPACES_AT_ONCE, entry -> {
            if (deadline.allows(MIN_FOR_NAMESPACE)) {
                found.add(new NamespacePoll(entry.getKey(), entry.getValue(), hub, clock, settings, prices, deadline)
                        .find());
            } else {
                leftOver.incrementAndGet();
            }
        });
        Applied applied = apply(List.copyOf(found), deadline);
        int hubCalls = found.stream().mapToInt(Findings::hubCalls).sum() + applied.hubCalls();
        int changes = found.stream().mapToInt(f -> f.changes().size()).sum();
        int adopted = found.stream().mapToInt(f -> f.adopted().size()).sum();
        return new PollReport(tracked.size(), byNamespace.size() - leftOver.get(), hubCalls, changes,
                applied.recorded(), applied.unpublished(), adopted, applied.canceled(), leftOver.get(), false);
    }

    /** What applying the findings did: changes published and recorded, events not published, cancels. */
    private record Applied(int recorded, int unpublished, int canceled, int hubCalls) {}

    /**
     * Every effect of a run, in one place: adopted jobs recorded, stuck jobs canceled (with their
     * event), then each change published and, once its event went out, recorded.
     */
    private Applied apply(List<Findings> found, Deadline deadline) {
        List<JobRecord> adopted = found.stream().flatMap(f -> f.adopted().stream()).toList();
        inParallel(adopted, WRITES_AT_ONCE, record -> jobs.put(record, deadline));
        AtomicInteger canceled = new AtomicInteger();
        List<Findings.Stuck> stuck = found.stream().flatMap(f -> f.stuck().stream()).toList();
        inParallel(stuck, WRITES_AT_ONCE, job -> {
            if (hub.cancelJob(job.record().namespace(), job.record().jobId(), deadline)
                    instanceof HubResult.Ok<Boolean>) {
                canceled.incrementAndGet();
                events.publish(List.of(StateChangeEvents.stuck(job.record(), job.since())), deadline);
            }
        });
        List<Findings.Change> changes = found.stream().flatMap(f -> f.changes().stream()).toList();
        Set<HfEvent> unpublished = new HashSet<>(events.publish(changes.stream().map(Findings.Change::event)
                .toList(), deadline));
        int recorded = record(changes.stream().filter(c -> !unpublished.contains(c.event())).toList(), deadline);
        return new Applied(recorded, unpublished.size(), canceled.get(), stuck.size());
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
     * Records the changes whose event went out. A change whose event failed is not recorded, so it
     * is found again on the next run: at least once, never lost.
     *
     * @return how many were recorded
     */
    private int record(List<Findings.Change> published, Deadline deadline) {
        AtomicInteger recorded = new AtomicInteger();
        inParallel(published, WRITES_AT_ONCE, change -> {
            if (jobs.updateStage(change.updated(), change.record().version(), deadline)) {
                recorded.incrementAndGet();
            }
        });
        return recorded.get();
    }
}
