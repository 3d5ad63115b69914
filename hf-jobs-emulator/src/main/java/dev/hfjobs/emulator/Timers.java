package dev.hfjobs.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Applies {@link AutoAdvance} timers to one job, with the timestamps each move was due at. */
final class Timers {

    private Timers() {
    }

    static JobRecord advance(JobRecord job, AutoAdvance plan, Instant now) {
        JobRecord current = job;
        if (current.stage().equals(JobStage.SCHEDULING.name())) {
            Instant due = current.createdAt().plus(plan.scheduling());
            if (due.isAfter(now)) {
                return current;
            }
            current = current.withStage(JobStage.RUNNING.name(), Optional.empty(), due);
        }
        return current.stage().equals(JobStage.RUNNING.name()) ? finish(current, plan, now) : current;
    }

    private static JobRecord finish(JobRecord job, AutoAdvance plan, Instant now) {
        Instant started = job.startedAt().orElse(job.createdAt());
        Instant ends = started.plus(plan.running());
        Instant timeout = started.plus(Duration.ofSeconds(job.spec().timeoutSeconds()));
        if (timeout.isBefore(ends) && !timeout.isAfter(now)) {
            return job.withStage(JobStage.ERROR.name(), Optional.of("Job timeout"), timeout);
        }
        if (ends.isAfter(now)) {
            return job;
        }
        Optional<String> message = plan.outcome() == JobStage.ERROR
                ? Optional.of("Job failed with exit code: 1") : Optional.empty();
        return job.withStage(plan.outcome().name(), message, ends);
    }
}
