package dev.hfjobs.poller;

import dev.hfjobs.Deadline;
import dev.hfjobs.Log;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** One namespace of a poller run: list the active managed jobs, inspect the ones that left, publish. */
final class NamespacePoll {
    /** The stages a listing asks for: the known ones a job can still leave. */
    static final Set<JobStage> ACTIVE_STAGES = Set.of(JobStage.SCHEDULING, JobStage.RUNNING, JobStage.UPDATING);
    static final JobFilter FILTER = new JobFilter(ACTIVE_STAGES, Map.of(Tracking.MANAGED_LABEL, "true"));

    private final String namespace;
    private final List<JobRecord> records;
    private final StatusPoller poller;
    private final Deadline deadline;
    private final StatusPoller.Tally tally;

    NamespacePoll(String namespace, List<JobRecord> records, StatusPoller poller, Deadline deadline,
            StatusPoller.Tally tally) {
        this.namespace = namespace;
        this.records = records;
        this.poller = poller;
        this.deadline = deadline;
        this.tally = tally;
    }

    void run() {
        Optional<Map<String, JobInfo>> listed = listActive();
        if (listed.isEmpty()) {
            return;
        }
        List<StatusPoller.Change> changes = Collections.synchronizedList(new ArrayList<>());
        StatusPoller.inParallel(records, StatusPoller.INSPECTIONS_AT_ONCE, record -> {
            if (deadline.allows(Duration.ofMillis(500))) {
                current(record, listed.get()).ifPresent(job -> check(record, job, changes));
            }
        });
        adopt(listed.get(), changes);
        tally.changes.addAndGet(changes.size());
        poller.publishAndRecord(changes, tally, deadline);
    }

    /** Every active managed job of the namespace by id, or empty when the Hub could not list them. */
    private Optional<Map<String, JobInfo>> listActive() {
        Map<String, JobInfo> jobs = new LinkedHashMap<>();
        HubResult<JobPage> page = poller.hub().listJobs(namespace, FILTER, deadline);
        while (true) {
            tally.hubCalls.incrementAndGet();
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
            page = poller.hub().nextJobs(current.next(), deadline);
        }
    }

    /** The job as the Hub has it now: from the listing, else inspected; empty when unknown this run. */
    private Optional<JobInfo> current(JobRecord record, Map<String, JobInfo> listed) {
        JobInfo job = listed.get(record.jobId());
        if (job != null) {
            return Optional.of(job);
        }
        tally.hubCalls.incrementAndGet();
        return switch (poller.hub().inspectJob(namespace, record.jobId(), deadline)) {
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

    private void check(JobRecord record, JobInfo job, List<StatusPoller.Change> changes) {
        if (!job.stage().value().equals(record.stage())) {
            changes.add(change(record, job));
        } else if (job.stage().equals(JobStage.SCHEDULING)) {
            cancelIfStuck(record, job);
        }
    }

    private StatusPoller.Change change(JobRecord record, JobInfo job) {
        Instant now = poller.clock().instant();
        JobRecord updated = record.withStage(job.stage().value(), job.status().message(), now);
        if (job.stage().isTerminal()) {
            updated = updated.withExpiresAt(now.plus(poller.settings().retention()));
        }
        return new StatusPoller.Change(record, updated, StateChangeEvents.stateChange(record, job, cost(job, record)));
    }

    /** The estimated cost of a finished job: started minutes × the flavor's unit price. */
    private OptionalLong cost(JobInfo job, JobRecord record) {
        if (!job.stage().isTerminal()) {
            return OptionalLong.empty();
        }
        String flavor = job.flavor() != null ? job.flavor() : record.flavor();
        Optional<Hardware> hardware = tally.catalog.get().flatMap(c -> c.flavor(flavor));
        long seconds = job.runningSeconds().orElseGet(() -> job.startedAt() == null ? 0L
                : Duration.between(job.startedAt(), job.finishedAt() != null ? job.finishedAt()
                        : poller.clock().instant()).toSeconds());
        return hardware.map(h -> OptionalLong.of(h.costMicroUsd(seconds))).orElse(OptionalLong.empty());
    }

    private void cancelIfStuck(JobRecord record, JobInfo job) {
        Optional<Duration> limit = poller.settings().stuckLimit();
        Instant since = job.createdAt() != null ? job.createdAt() : record.submittedAt();
        if (limit.isEmpty() || since == null || since.plus(limit.get()).isAfter(poller.clock().instant())) {
            return;
        }
        tally.hubCalls.incrementAndGet();
        if (poller.hub().cancelJob(namespace, record.jobId(), deadline) instanceof HubResult.Ok<Boolean>) {
            tally.canceled.incrementAndGet();
            poller.events().publish(List.of(StateChangeEvents.stuck(record, since)), deadline);
        }
    }

    /** Jobs that scheduled jobs started (labelled by the API) get tracked when first seen. */
    private void adopt(Map<String, JobInfo> listed, List<StatusPoller.Change> changes) {
        Set<String> known = new java.util.HashSet<>();
        records.forEach(r -> known.add(r.jobId()));
        for (JobInfo job : listed.values()) {
            if (known.contains(job.id()) || !Source.SCHEDULED.label().equals(job.labels().get(Tracking.SOURCE_LABEL))) {
                continue;
            }
            JobRecord record = adopted(job);
            poller.jobs().put(record, deadline);
            tally.adopted.incrementAndGet();
            changes.add(change(record, job));
        }
    }

    private JobRecord adopted(JobInfo job) {
        Instant now = poller.clock().instant();
        String url = job.url(poller.hub().endpoint(), namespace).toString();
        // Recorded without a stage yet ("NEW"), so that its first stage is published as a change.
        return new JobRecord(job.id(), namespace, "NEW", job.flavor(), job.labels(),
                job.createdAt() != null ? job.createdAt() : now, Source.SCHEDULED.label(), null, null, url,
                job.labels().get(Tracking.TRACKING_LABEL), now, null, 0, null);
    }
}
