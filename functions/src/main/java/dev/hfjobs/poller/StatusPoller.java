package dev.hfjobs.poller;

import dev.hfjobs.Log;
import dev.hfjobs.aws.EventPublisher;
import dev.hfjobs.aws.EventPublisher.HfEvent;
import dev.hfjobs.catalog.Catalog;
import dev.hfjobs.catalog.CatalogSource;
import dev.hfjobs.hub.Deadline;
import dev.hfjobs.hub.HfJobsClient;
import dev.hfjobs.store.JobRecord;
import dev.hfjobs.store.JobStore;
import dev.hfjobs.store.Page;
import dev.hfjobs.submit.Tracking;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

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
    // Stop starting namespaces when less than this is left: a list and a few inspections fit.
    private static final Duration MIN_FOR_NAMESPACE = Duration.ofSeconds(3);

    private final HfJobsClient hub;
    private final JobStore store;
    private final EventPublisher events;
    private final CatalogSource catalog;
    private final Clock clock;
    private final PollerSettings settings;

    public StatusPoller(HfJobsClient hub, JobStore store, EventPublisher events, Clock clock, PollerSettings settings) {
        this.hub = hub;
        this.store = store;
        this.events = events;
        this.catalog = new CatalogSource(store, hub, clock);
        this.clock = clock;
        this.settings = settings;
    }

    /** One run: every tracked active job checked once, unless the deadline comes first. */
    public PollReport run(Deadline deadline) {
        String owner = Tracking.newId();
        Instant now = clock.instant();
        if (!store.acquireLease(LEASE, owner, now.plus(deadline.remaining()).plusSeconds(5), now)) {
            Log.info("poller run skipped: another run holds the lease", Map.of());
            return PollReport.skippedRun();
        }
        try {
            return poll(deadline);
        } finally {
            store.releaseLease(LEASE, owner);
        }
    }

    private PollReport poll(Deadline deadline) {
        List<JobRecord> tracked = activeRecords();
        Map<String, List<JobRecord>> byNamespace = new TreeMap<>();
        tracked.forEach(r -> byNamespace.computeIfAbsent(r.namespace(), ns -> new ArrayList<>()).add(r));
        if (settings.defaultNamespace() != null) {
            byNamespace.computeIfAbsent(settings.defaultNamespace(), ns -> new ArrayList<>());
        }
        Tally tally = new Tally();
        int leftOver = 0;
        for (Map.Entry<String, List<JobRecord>> entry : byNamespace.entrySet()) {
            if (!deadline.allows(MIN_FOR_NAMESPACE)) {
                leftOver++;
                continue;
            }
            new NamespacePoll(entry.getKey(), entry.getValue(), this, deadline, tally).run();
        }
        return tally.report(tracked.size(), byNamespace.size() - leftOver, leftOver);
    }

    private List<JobRecord> activeRecords() {
        List<JobRecord> all = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            Page<JobRecord> page = store.activeJobs(cursor, STORE_PAGE);
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
    int publishAndRecord(List<Change> changes, Tally tally) {
        List<HfEvent> unpublished = events.publish(changes.stream().map(Change::event).toList());
        int recorded = 0;
        for (Change change : changes) {
            if (unpublished.contains(change.event())) {
                tally.unpublished++;
                continue;
            }
            if (store.updateStage(change.updated(), change.record().version())) {
                recorded++;
            }
        }
        return recorded;
    }

    /** A stage change found: the record as it was, as it becomes, and its event. */
    record Change(JobRecord record, JobRecord updated, HfEvent event) {}

    HfJobsClient hub() {
        return hub;
    }

    JobStore store() {
        return store;
    }

    EventPublisher events() {
        return events;
    }

    Optional<Catalog> catalog(Deadline deadline) {
        return catalog.current(deadline);
    }

    Clock clock() {
        return clock;
    }

    PollerSettings settings() {
        return settings;
    }

    /** Counters of a run, filled in by the namespaces it polls. */
    static final class Tally {
        int hubCalls;
        int changes;
        int published;
        int unpublished;
        int adopted;
        int canceled;

        PollReport report(int tracked, int namespaces, int leftOver) {
            return new PollReport(tracked, namespaces, hubCalls, changes, published, unpublished, adopted, canceled,
                    leftOver, false);
        }
    }
}
