package dev.hfjobs.emulator;

import java.time.Instant;
import java.util.Optional;

/**
 * A stored scheduled job. Immutable: changes replace the record in the {@link JobStore}.
 *
 * @param id          the 24-hex id
 * @param sequence    creation order within the emulator
 * @param owner       the namespace that owns it
 * @param createdAt   when it was created
 * @param schedule    when it runs
 * @param suspend     whether it is paused
 * @param concurrency whether a run may start while another still runs
 * @param spec        the spec of the jobs it starts
 * @param lastJob     the last job it started
 * @param nextRunAt   when it runs next (kept while suspended, shown as null then)
 */
record ScheduledRecord(String id, long sequence, Owner owner, Instant createdAt, CronSchedule schedule,
                       boolean suspend, boolean concurrency, JobSpec spec, Optional<LastJob> lastJob,
                       Optional<Instant> nextRunAt) {

    /** The last job a scheduled job started: {@code {"id", "at"}}. */
    record LastJob(String id, Instant at) {
    }

    String namespace() {
        return owner.name();
    }

    ScheduledRecord withSuspend(boolean newSuspend, Instant now) {
        Optional<Instant> next = newSuspend ? nextRunAt : schedule.nextAfter(now);
        return new ScheduledRecord(id, sequence, owner, createdAt, schedule, newSuspend, concurrency, spec, lastJob,
                next);
    }

    ScheduledRecord withNextRunAt(Optional<Instant> next) {
        return new ScheduledRecord(id, sequence, owner, createdAt, schedule, suspend, concurrency, spec, lastJob,
                next);
    }

    ScheduledRecord withSpec(JobSpec newSpec) {
        return new ScheduledRecord(id, sequence, owner, createdAt, schedule, suspend, concurrency, newSpec, lastJob,
                nextRunAt);
    }

    ScheduledRecord ran(String jobId, Instant at, Optional<Instant> next) {
        return new ScheduledRecord(id, sequence, owner, createdAt, schedule, suspend, concurrency, spec,
                Optional.of(new LastJob(jobId, at)), next);
    }
}
