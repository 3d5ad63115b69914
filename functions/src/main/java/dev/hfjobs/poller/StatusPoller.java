package dev.hfjobs.poller;

import dev.hfjobs.Deadline;
import dev.hfjobs.Log;
import dev.hfjobs.Once;
import dev.hfjobs.hardware.Catalog;
import dev.hfjobs.hardware.CatalogSource;
import dev.hfjobs.hub.HfJobsClient;
import dev.hfjobs.hub.HubResult;
import dev.hfjobs.model.JobStage;
import dev.hfjobs.ports.EventPublisher.HfEvent;
import dev.hfjobs.ports.EventPublisher;
import dev.hfjobs.ports.LogArchive;
import dev.hfjobs.ports.TaskCallbacks;
import dev.hfjobs.store.JobRecord;
import dev.hfjobs.store.JobRecords;
import dev.hfjobs.store.Leases;
import dev.hfjobs.store.Page;
import dev.hfjobs.store.TaskLink;
import dev.hfjobs.submit.Tracking;
import dev.hfjobs.wiring.Wiring;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
import java.util.function.Function;
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
    private final TaskFollowUps tasks;
    private final FinishedJobs finished;
    private final boolean archiving;

    public StatusPoller(HfJobsClient hub, JobRecords jobs, Leases leases, CatalogSource catalog, EventPublisher events,
            TaskCallbacks callbacks, LogArchive logArchive, Clock clock, PollerSettings settings) {
        this.hub = hub;
        this.jobs = jobs;
        this.leases = leases;
        this.events = events;
        this.catalog = catalog;
        this.clock = clock;
        this.settings = settings;
        this.tasks = new TaskFollowUps(callbacks);
        this.finished = new FinishedJobs(hub, logArchive);
        this.archiving = logArchive != LogArchive.NONE;
    }

    /** A poller over a function's parts. */
    public static StatusPoller of(Wiring wiring, PollerSettings settings) {
        return new StatusPoller(wiring.hub(), wiring.jobs(), wiring.leases(), wiring.catalog(), wiring.events(),
                wiring.callbacks(), wiring.logArchive(), wiring.clock(), settings);
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
        // A job that ended is tracked only while its task is owed a callback: nothing to ask the Hub.
        List<JobRecord> owed = tracked.stream().filter(JobRecord::terminal).toList();
        Map<String, List<JobRecord>> byNamespace = new TreeMap<>();
        tracked.stream().filter(r -> !r.terminal()).forEach(r -> byNamespace.computeIfAbsent(r.namespace(), ns -> new ArrayList<>()).add(r));
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
        Applied applied = apply(List.copyOf(found), owed, deadline);
        int hubCalls = found.stream().mapToInt(Findings::hubCalls).sum() + applied.hubCalls();
        int changes = found.stream().mapToInt(f -> f.changes().size()).sum();
        int adopted = found.stream().mapToInt(f -> f.adopted().size()).sum();
        return new PollReport(tracked.size(), byNamespace.size() - leftOver.get(), hubCalls, changes,
                applied.recorded(), applied.unpublished(), adopted, applied.canceled(), applied.callbacks(),
                leftOver.get(), false);
    }

    /**
     * What applying the findings did: changes published and recorded, events not published, cancels,
     * final task callbacks settled, and the Hub calls it took (cancels and log reads).
     */
    private record Applied(int recorded, int unpublished, int canceled, int callbacks, int hubCalls) {}

    /** A change ready to go out: its event (completed for a job that ended) and the log lines behind it. */
    private record Outgoing(Findings.Change change, HfEvent event, List<String> tail) {}

    /**
     * Every effect of a run, in one place: adopted jobs recorded, stuck jobs canceled (with their
     * event), finished jobs' logs read once and copied, each change published and, once its event
     * went out, its task called back and the change recorded; heartbeats for the tasks of live jobs;
     * final callbacks an earlier run could not deliver sent again.
     */
    private Applied apply(List<Findings> found, List<JobRecord> owed, Deadline deadline) {
        AtomicInteger hubCalls = new AtomicInteger();
        List<JobRecord> adopted = found.stream().flatMap(f -> f.adopted().stream()).toList();
        inParallel(adopted, WRITES_AT_ONCE, record -> jobs.put(record, deadline));
        AtomicInteger canceled = new AtomicInteger();
        List<Findings.Stuck> stuck = found.stream().flatMap(f -> f.stuck().stream()).toList();
        perJob(stuck, WRITES_AT_ONCE, Findings.Stuck::record, job -> {
            hubCalls.incrementAndGet();
            if (hub.cancelJob(job.record().namespace(), job.record().jobId(), deadline)
                    instanceof HubResult.Ok<Boolean>) {
                canceled.incrementAndGet();
                events.publish(List.of(StateChangeEvents.stuck(job.record(), job.since())), deadline);
            }
        });
        List<Outgoing> outgoing = outgoing(found.stream().flatMap(f -> f.changes().stream()).toList(), hubCalls,
                deadline);
        Set<HfEvent> unpublished = new HashSet<>(events.publish(outgoing.stream().map(Outgoing::event).toList(),
                deadline));
        AtomicInteger callbacks = new AtomicInteger();
        List<Outgoing> published = outgoing.stream().filter(o -> !unpublished.contains(o.event())).toList();
        RunMetrics.lag(outgoing.stream().map(Outgoing::change).toList());
        RunMetrics.published(published.stream().map(Outgoing::event).toList());
        int recorded = record(published, callbacks, deadline);
        Set<String> calledBack = new HashSet<>();
        published.forEach(o -> calledBack.add(o.change().record().jobId()));
        List<JobRecord> beating = found.stream().flatMap(f -> f.records().stream())
                .filter(r -> r.task() != null && r.task().open() && r.task().heartbeats()
                        && !calledBack.contains(r.jobId())).toList();
        perJob(beating, WRITES_AT_ONCE, record -> record, record -> heartbeat(record, deadline));
        perJob(owed, WRITES_AT_ONCE, record -> record, record -> {
            if (settle(record, deadline)) {
                callbacks.incrementAndGet();
            }
        });
        return new Applied(recorded, unpublished.size(), canceled.get(), callbacks.get(), hubCalls.get());
    }

    /**
     * The changes' events, those of finished jobs completed from one read of their log (when
     * something needs it: an ERROR's last lines, the archive, a waiting task's failure cause).
     */
    private List<Outgoing> outgoing(List<Findings.Change> changes, AtomicInteger hubCalls, Deadline deadline) {
        List<Outgoing> outgoing = Collections.synchronizedList(new ArrayList<>());
        perJob(changes, INSPECTIONS_AT_ONCE, Findings.Change::record, change -> {
            if (!change.updated().terminal()) {
                outgoing.add(new Outgoing(change, change.event(), List.of()));
                return;
            }
            FinishedJobs.Logs logs = FinishedJobs.Logs.NONE;
            if (needsLogs(change)) {
                hubCalls.incrementAndGet();
                logs = finished.read(change.record().namespace(), change.record().jobId(), deadline);
            }
            outgoing.add(new Outgoing(change, finished.completed(change, logs, deadline),
                    FinishedJobs.tail(logs.lines())));
        });
        return List.copyOf(outgoing);
    }

    private boolean needsLogs(Findings.Change change) {
        String stage = change.updated().stage();
        if (JobStage.DELETED.value().equals(stage)) {
            return false; // nothing left to read
        }
        TaskLink task = change.record().task();
        return archiving || JobStage.ERROR.value().equals(stage)
                || task != null && task.open() && !JobStage.COMPLETED.value().equals(stage);
    }

    /** A heartbeat for a live job's task; a task that is over, or refuses heartbeats, is recorded as such. */
    private void heartbeat(JobRecord record, Deadline deadline) {
        TaskLink after = tasks.heartbeat(record.jobId(), record.task(), deadline);
        if (!after.equals(record.task())) {
            jobs.updateStage(record.nextVersion().withTask(after), record.version(), deadline);
        }
    }

    /**
     * The final callback of a job that ended in an earlier run, sent again (or, for a record an older
     * version left without one, sent from what the record knows); true when it is settled.
     */
    private boolean settle(JobRecord record, Deadline deadline) {
        TaskLink task = record.task();
        TaskLink after = task.pending() != null ? tasks.retry(record.jobId(), task, deadline)
                : tasks.finish(record.jobId(), task, TaskFollowUps.fromRecord(record), deadline);
        jobs.updateStage(record.nextVersion().withTask(after), record.version(), deadline);
        return after.done();
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

    /** The line that ends a job's story in the logs, under its correlation fields: a change that went out. */
    private static void published(Findings.Change change) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("previousStage", change.record().stage());
        fields.put("stage", change.updated().stage());
        RunMetrics.lag(change).ifPresent(lag -> fields.put("lagSeconds", lag.toMillis() / 1000.0));
        Log.info("state change published", fields);
    }

    /**
     * {@link #inParallel} for work about one job each: the log lines written for an item carry its job's
     * correlation fields ({@link #about}).
     */
    static <T> void perJob(List<T> items, int limit, Function<T, JobRecord> job, Consumer<T> action) {
        inParallel(items, limit, item -> {
            try (Log.Scope scope = about(job.apply(item))) {
                action.accept(item);
            }
        });
    }

    /** A branch of the run's log context for one job: its id, namespace, idempotency key and caller. */
    static Log.Scope about(JobRecord record) {
        Log.Scope scope = Log.branch();
        Log.correlate(Log.JOB_ID, record.jobId());
        Log.correlate(Log.NAMESPACE, record.namespace());
        Log.correlate(Log.IDEMPOTENCY_KEY, record.idempotencyKey());
        Log.correlate(Log.CALLER, record.caller());
        return scope;
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
     * Records the changes whose event went out, each with its task called back first: the final
     * callback for a job that ended (kept as pending when Step Functions could not take it), a
     * heartbeat for one that lives. A change whose event failed is not recorded, so it is found again
     * on the next run: at least once, never lost.
     *
     * @return how many were recorded
     */
    private int record(List<Outgoing> published, AtomicInteger callbacks, Deadline deadline) {
        AtomicInteger recorded = new AtomicInteger();
        perJob(published, WRITES_AT_ONCE, outgoing -> outgoing.change().record(), outgoing -> {
            Findings.Change change = outgoing.change();
            JobRecord updated = change.updated();
            TaskLink task = updated.task();
            if (task != null && task.open()) {
                TaskLink after = updated.terminal()
                        ? tasks.finish(updated.jobId(), task, TaskFollowUps.callback(outgoing.event().detail(),
                                outgoing.tail()), deadline)
                        : task.heartbeats() ? tasks.heartbeat(updated.jobId(), task, deadline) : task;
                if (updated.terminal() && after.done()) {
                    callbacks.incrementAndGet();
                }
                updated = updated.withTask(after);
            }
            if (jobs.updateStage(updated, change.record().version(), deadline)) {
                recorded.incrementAndGet();
            }
            published(change);
        });
        return recorded.get();
    }
}
