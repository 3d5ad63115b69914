package dev.hfjobs.poller;

import dev.hfjobs.Deadline;
import dev.hfjobs.Log;
import dev.hfjobs.hardware.Catalog;
import dev.hfjobs.hub.HfJobsClient;
import dev.hfjobs.hub.HubError;
import dev.hfjobs.hub.HubResult;
import dev.hfjobs.hub.JobFilter;
import dev.hfjobs.hub.JobPage;
import dev.hfjobs.model.Hardware;
import dev.hfjobs.model.JobInfo;
import dev.hfjobs.model.JobStage;
import dev.hfjobs.model.JobStatus;
import dev.hfjobs.store.JobRecord;
import dev.hfjobs.submit.Source;
import dev.hfjobs.submit.Tracking;
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
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One namespace of a poller run, read only: lists the active managed jobs, inspects the tracked ones
 * that left the listing, and says what changed ({@link Findings}). It writes nothing and publishes
 * nothing.
 */
final class NamespacePoll {
    /** The stages a listing asks for: the known ones a job can still leave. */
    static final Set<JobStage> ACTIVE_STAGES = Set.of(JobStage.SCHEDULING, JobStage.RUNNING, JobStage.UPDATING);
    static final JobFilter FILTER = new JobFilter(ACTIVE_STAGES, Map.of(Tracking.MANAGED_LABEL, "true"));
    // Stop starting inspections when less than this is left.
    private static final Duration MIN_FOR_INSPECTION = Duration.ofMillis(500);

    private final String namespace;
    private final List<JobRecord> records;
    private final HfJobsClient hub;
    private final Clock clock;
    private final PollerSettings settings;
    private final Supplier<Optional<Catalog>> catalog;
    private final Deadline deadline;
    private final AtomicInteger hubCalls = new AtomicInteger();

    NamespacePoll(String namespace, List<JobRecord> records, HfJobsClient hub, Clock clock, PollerSettings settings,
            Supplier<Optional<Catalog>> catalog, Deadline deadline) {
        this.namespace = namespace;
        this.records = records;
        this.hub = hub;
        this.clock = clock;
        this.settings = settings;
        this.catalog = catalog;
        this.deadline = deadline;
    }

    Findings find() {
        Optional<Map<String, JobInfo>> listed = listActive();
        if (listed.isEmpty()) {
            return Findings.unlisted(namespace, records, hubCalls.get());
        }
        List<Findings.Change> changes = Collections.synchronizedList(new ArrayList<>());
        List<Findings.Stuck> stuck = Collections.synchronizedList(new ArrayList<>());
        StatusPoller.perJob(records, StatusPoller.INSPECTIONS_AT_ONCE, record -> record, record -> {
            if (deadline.allows(MIN_FOR_INSPECTION)) {
                current(record, listed.get()).ifPresent(job -> check(record, job, changes, stuck));
            }
        });
        List<JobRecord> adopted = adopt(listed.get(), changes);
        return new Findings(namespace, true, records, changes, adopted, stuck, hubCalls.get());
    }

    /** Every active managed job of the namespace by id, or empty when the Hub could not list them. */
    private Optional<Map<String, JobInfo>> listActive() {
        Map<String, JobInfo> jobs = new LinkedHashMap<>();
        HubResult<JobPage> page = hub.listJobs(namespace, FILTER, deadline);
        while (true) {
            hubCalls.incrementAndGet();
            if (page instanceof HubResult.Failed<JobPage>(HubError error)) {
                Log.warn("poller could not list a namespace; its jobs wait for the next run",
                        Map.of("namespace", namespace, "error", error.describe()));
                return Optional.empty();
            }
            JobPage current = ((HubResult.Ok<JobPage>) page).value();
            // Older Hubs ignore filters: keep only what the filter asked for.
            current.jobs().stream().filter(j -> FILTER.matches(j.stage(), j.labels())).forEach(j -> jobs.put(j.id(), j));
            if (current.next() == null) {
                return Optional.of(jobs);
            }
            page = hub.nextJobs(current.next(), deadline);
        }
    }

    /** The job as the Hub has it now: from the listing, else inspected; empty when unknown this run. */
    private Optional<JobInfo> current(JobRecord record, Map<String, JobInfo> listed) {
        JobInfo job = listed.get(record.jobId());
        if (job != null) {
            return Optional.of(job);
        }
        hubCalls.incrementAndGet();
        return switch (hub.inspectJob(namespace, record.jobId(), deadline)) {
            case HubResult.Ok<JobInfo> ok -> Optional.of(ok.value());
            case HubResult.Failed<JobInfo> failed when failed.error().httpStatus().orElse(0) == 404 ->
                    Optional.of(gone(record));
            case HubResult.Failed<JobInfo> failed -> Optional.empty();
        };
    }

    private static JobInfo gone(JobRecord record) {
        return new JobInfo(record.jobId(), record.submittedAt(), null, null, null, null, null, null, null, null,
                record.flavor(), record.labels(), null, null,
                new JobStatus(JobStage.DELETED, "the job no longer exists on the Hub"), null, null, null);
    }

    private void check(JobRecord record, JobInfo job, List<Findings.Change> changes, List<Findings.Stuck> stuck) {
        if (!job.stage().value().equals(record.stage())) {
            changes.add(change(record, job));
        } else if (job.stage().equals(JobStage.SCHEDULING)) {
            stuckSince(record, job).ifPresent(since -> stuck.add(new Findings.Stuck(record, since)));
        }
    }

    private Findings.Change change(JobRecord record, JobInfo job) {
        Instant now = clock.instant();
        JobRecord updated = record.withStage(job.stage().value(), job.status().message(), now);
        if (job.stage().isTerminal()) {
            updated = updated.withExpiresAt(now.plus(settings.retention()));
        }
        return new Findings.Change(record, updated, StateChangeEvents.stateChange(record, job, cost(job, record)));
    }

    /** The estimated cost of a finished job: started minutes × the flavor's unit price. */
    private OptionalLong cost(JobInfo job, JobRecord record) {
        if (!job.stage().isTerminal()) {
            return OptionalLong.empty();
        }
        String flavor = job.flavor() != null ? job.flavor() : record.flavor();
        Optional<Hardware> hardware = catalog.get().flatMap(c -> c.flavor(flavor));
        long seconds = job.runningSeconds().orElseGet(() -> job.startedAt() == null ? 0L
                : Duration.between(job.startedAt(), job.finishedAt() != null ? job.finishedAt()
                        : clock.instant()).toSeconds());
        return hardware.map(h -> OptionalLong.of(h.costMicroUsd(seconds))).orElse(OptionalLong.empty());
    }

    /** When a job still SCHEDULING started to be, if that is longer ago than the limit allows. */
    private Optional<Instant> stuckSince(JobRecord record, JobInfo job) {
        Optional<Duration> limit = settings.stuckLimit();
        Instant since = job.createdAt() != null ? job.createdAt() : record.submittedAt();
        if (limit.isEmpty() || since == null || since.plus(limit.get()).isAfter(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(since);
    }

    /** Jobs that scheduled jobs started (labelled by the API), to be tracked from now on. */
    private List<JobRecord> adopt(Map<String, JobInfo> listed, List<Findings.Change> changes) {
        Set<String> known = new HashSet<>();
        records.forEach(r -> known.add(r.jobId()));
        List<JobRecord> adopted = new ArrayList<>();
        for (JobInfo job : listed.values()) {
            if (known.contains(job.id()) || !Source.SCHEDULED.label().equals(job.labels().get(Tracking.SOURCE_LABEL))) {
                continue;
            }
            JobRecord record = adopted(job);
            adopted.add(record);
            changes.add(change(record, job));
        }
        return adopted;
    }

    private JobRecord adopted(JobInfo job) {
        Instant now = clock.instant();
        String url = job.url(hub.endpoint(), namespace).toString();
        // Recorded without a stage yet ("NEW"), so that its first stage is published as a change.
        return new JobRecord(job.id(), namespace, "NEW", job.flavor(), job.labels(),
                job.createdAt() != null ? job.createdAt() : now, Source.SCHEDULED.label(), null, null, url,
                job.labels().get(Tracking.TRACKING_LABEL), now, null, 0, null);
    }
}
