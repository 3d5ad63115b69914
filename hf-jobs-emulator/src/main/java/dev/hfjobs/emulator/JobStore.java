package dev.hfjobs.emulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Every job and scheduled job of the emulator. One lock guards it all: each method is one atomic
 * step, which is what makes concurrent requests safe. A {@link Listener} hears of every change to a
 * job, in order.
 */
final class JobStore {

    /** Told of every change to a job inside the store's lock, so changes arrive in the order they happen. */
    @FunctionalInterface
    interface Listener {

        /**
         * @param before the job as it was; empty when it is new
         * @param after  the job as it is now; empty once it is removed
         */
        void changed(Optional<JobRecord> before, Optional<JobRecord> after);
    }

    /** The label a scheduled job puts on the jobs it starts. */
    static final String SCHEDULED_JOB_LABEL = "scheduled-job-id";

    private static final Comparator<JobRecord> NEWEST_FIRST =
            Comparator.comparingLong(JobRecord::sequence).reversed();

    private final Listener listener;
    private final Ids ids = new Ids();
    private final Map<String, JobRecord> jobs = new HashMap<>();
    private final Map<String, ScheduledRecord> scheduled = new LinkedHashMap<>();
    private long sequence;
    private int createdJobs;

    JobStore(Listener listener) {
        this.listener = listener;
    }

    /** A page of a newest-first listing, and where the next one starts when there is more. */
    record Page(List<JobRecord> jobs, Optional<Long> nextBefore) {
    }

    /** What asking a scheduled job to run now gave. */
    sealed interface RunOutcome {

        record Started(JobRecord job) implements RunOutcome {
        }

        record Busy(String runningJobId) implements RunOutcome {
        }

        record Missing() implements RunOutcome {
        }
    }

    synchronized String newId(Instant now) {
        String id;
        do {
            id = ids.next(now);
        } while (jobs.containsKey(id) || scheduled.containsKey(id));
        return id;
    }

    synchronized JobRecord create(Owner owner, Initiator initiator, JobSpec spec, Instant now, boolean legacy,
                                  Optional<String> scheduledJobId) {
        return insert(newId(now), owner, initiator, spec, now, legacy, scheduledJobId);
    }

    /**
     * Creates a job with an id chosen by the caller (sample events and demos name one).
     *
     * @throws EmulatorException if the id is not 24 lower-case hex characters or is already taken
     */
    synchronized JobRecord createWithId(String id, Owner owner, Initiator initiator, JobSpec spec, Instant now,
                                        boolean legacy) {
        if (!Ids.isJobId(id)) {
            throw Rejection.badRequest("a job id is 24 lower-case hex characters, not '" + id + "'");
        }
        if (jobs.containsKey(id) || scheduled.containsKey(id)) {
            throw new Rejection(409, "Job " + id + " already exists");
        }
        return insert(id, owner, initiator, spec, now, legacy, Optional.empty());
    }

    private JobRecord insert(String id, Owner owner, Initiator initiator, JobSpec spec, Instant now, boolean legacy,
                             Optional<String> scheduledJobId) {
        JobRecord job = new JobRecord(id, ++sequence, owner, initiator, now, spec, spec.labels(),
                JobStage.SCHEDULING.name(), Optional.empty(), Optional.empty(), Optional.empty(), scheduledJobId);
        if (legacy) {
            job = job.withStage(JobStage.RUNNING.name(), Optional.empty(), now);
        }
        put(job);
        createdJobs++;
        return job;
    }

    synchronized Optional<JobRecord> job(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    synchronized Optional<JobRecord> job(String namespace, String id) {
        return job(id).filter(job -> job.namespace().equals(namespace));
    }

    synchronized Optional<JobRecord> update(String id, UnaryOperator<JobRecord> change) {
        return job(id).map(change).map(this::put);
    }

    synchronized boolean remove(String id) {
        JobRecord gone = jobs.remove(id);
        if (gone != null) {
            listener.changed(Optional.of(gone), Optional.empty());
        }
        return gone != null;
    }

    private JobRecord put(JobRecord job) {
        Optional<JobRecord> before = Optional.ofNullable(jobs.put(job.id(), job));
        listener.changed(before, Optional.of(job));
        return job;
    }

    synchronized List<JobRecord> all() {
        return jobs.values().stream().sorted(NEWEST_FIRST).toList();
    }

    synchronized int createdJobs() {
        return createdJobs;
    }

    /** @return up to {@code limit} jobs of the namespace older than {@code before}, newest first */
    synchronized Page page(String namespace, Predicate<JobRecord> filter, long before, int limit) {
        List<JobRecord> matching = jobs.values().stream()
                .filter(job -> job.namespace().equals(namespace) && job.sequence() < before && filter.test(job))
                .sorted(NEWEST_FIRST).limit(limit + 1L).toList();
        if (matching.size() <= limit) {
            return new Page(matching, Optional.empty());
        }
        List<JobRecord> page = matching.subList(0, limit);
        return new Page(List.copyOf(page), Optional.of(page.getLast().sequence()));
    }

    /** @return how many non-terminal jobs were moved to {@code stage} */
    synchronized int advanceAll(String stage, Optional<String> message, Instant now) {
        List<JobRecord> moving = jobs.values().stream().filter(job -> !job.terminal()).toList();
        moving.forEach(job -> put(job.withStage(stage, message, now)));
        return moving.size();
    }

    /** Applies the timers to every job; only jobs that moved count as changed, so open streams stay idle. */
    synchronized void applyTimers(AutoAdvance plan, Instant now) {
        for (JobRecord job : List.copyOf(jobs.values())) {
            JobRecord advanced = Timers.advance(job, plan, now);
            if (advanced != job) {
                put(advanced);
            }
        }
    }

    synchronized ScheduledRecord schedule(Owner owner, CronSchedule schedule, boolean suspend, boolean concurrency,
                                          JobSpec spec, Instant now) {
        ScheduledRecord record = new ScheduledRecord(newId(now), ++sequence, owner, now, schedule, suspend,
                concurrency, spec, Optional.empty(), schedule.nextAfter(now));
        scheduled.put(record.id(), record);
        return record;
    }

    synchronized Optional<ScheduledRecord> scheduled(String namespace, String id) {
        return Optional.ofNullable(scheduled.get(id)).filter(record -> record.namespace().equals(namespace));
    }

    synchronized List<ScheduledRecord> scheduledIn(String namespace) {
        return scheduled.values().stream().filter(record -> record.namespace().equals(namespace)).toList();
    }

    synchronized Optional<ScheduledRecord> updateScheduled(String namespace, String id,
                                                           UnaryOperator<ScheduledRecord> change) {
        return scheduled(namespace, id).map(change).map(changed -> {
            scheduled.put(id, changed);
            return changed;
        });
    }

    synchronized boolean removeScheduled(String namespace, String id) {
        return scheduled(namespace, id).map(record -> scheduled.remove(id)).isPresent();
    }

    /** Starts one run of a scheduled job now, unless one still runs and concurrency is off. */
    synchronized RunOutcome run(String namespace, String id, Instant now, boolean legacy) {
        Optional<ScheduledRecord> record = scheduled(namespace, id);
        if (record.isEmpty()) {
            return new RunOutcome.Missing();
        }
        Optional<JobRecord> running = runningJobOf(record.get());
        if (running.isPresent() && !record.get().concurrency()) {
            return new RunOutcome.Busy(running.get().id());
        }
        return new RunOutcome.Started(start(record.get(), now, legacy, record.get().nextRunAt()));
    }

    /** Fires every resumed scheduled job whose next run time has passed; returns the jobs started. */
    synchronized List<JobRecord> runDue(Instant now, boolean legacy) {
        List<JobRecord> started = new ArrayList<>();
        for (ScheduledRecord record : List.copyOf(scheduled.values())) {
            Optional<Instant> due = record.nextRunAt().filter(at -> !record.suspend() && !at.isAfter(now));
            if (due.isEmpty()) {
                continue;
            }
            if (record.concurrency() || runningJobOf(record).isEmpty()) {
                started.add(start(record, due.get(), legacy, record.schedule().nextAfter(now)));
            } else {
                scheduled.put(record.id(), record.withNextRunAt(record.schedule().nextAfter(now)));
            }
        }
        return started;
    }

    private JobRecord start(ScheduledRecord record, Instant at, boolean legacy, Optional<Instant> next) {
        Map<String, String> labels = new LinkedHashMap<>(record.spec().labels());
        labels.put(SCHEDULED_JOB_LABEL, record.id());
        Initiator initiator = Initiator.scheduledJob(record.id(),
                Optional.ofNullable(record.spec().labels().get(JobSpecParser.NAME_LABEL)));
        JobRecord job = create(record.owner(), initiator, record.spec().withLabels(labels), at, legacy,
                Optional.of(record.id()));
        scheduled.put(record.id(), record.ran(job.id(), at, next));
        return job;
    }

    private Optional<JobRecord> runningJobOf(ScheduledRecord record) {
        return jobs.values().stream()
                .filter(job -> job.scheduledJobId().equals(Optional.of(record.id())) && !job.terminal())
                .findFirst();
    }

    synchronized void clear() {
        List.copyOf(jobs.keySet()).forEach(this::remove);
        scheduled.clear();
        createdJobs = 0;
    }
}
