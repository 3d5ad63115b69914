package dev.hfjobs.emulator;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A stored job. Immutable: changes replace the record in the {@link JobStore}.
 *
 * @param id             the 24-hex id
 * @param sequence       creation order within the emulator, for newest-first listing and cursors
 * @param owner          the namespace that owns it
 * @param initiator      who started it
 * @param createdAt      when it was created
 * @param spec           what it runs
 * @param labels         its current labels (replaced by PUT .../labels)
 * @param stage          its stage, an open set
 * @param message        the status message
 * @param startedAt      when it started running
 * @param finishedAt     when it reached a terminal stage
 * @param scheduledJobId the scheduled job that started it, if any
 */
record JobRecord(String id, long sequence, Owner owner, Initiator initiator, Instant createdAt, JobSpec spec,
                 Map<String, String> labels, String stage, Optional<String> message, Optional<Instant> startedAt,
                 Optional<Instant> finishedAt, Optional<String> scheduledJobId) {

    JobRecord {
        labels = OrderedMaps.copyOf(labels);
    }

    String namespace() {
        return owner.name();
    }

    boolean terminal() {
        return JobStage.isTerminal(stage);
    }

    /**
     * @return this job moved to {@code newStage} at {@code at}: it gets a start time when it starts
     *     running (a job cannot complete without having run) and an end time when it reaches a
     *     terminal stage
     */
    JobRecord withStage(String newStage, Optional<String> newMessage, Instant at) {
        boolean running = JobStage.parse(newStage)
                .filter(known -> known == JobStage.RUNNING || known == JobStage.UPDATING || known == JobStage.COMPLETED)
                .isPresent();
        boolean ends = JobStage.isTerminal(newStage);
        Optional<Instant> started = startedAt.isEmpty() && running ? Optional.of(at) : startedAt;
        Optional<Instant> finished = ends ? finishedAt.or(() -> Optional.of(at)) : Optional.empty();
        return new JobRecord(id, sequence, owner, initiator, createdAt, spec, labels, newStage, newMessage, started,
                finished, scheduledJobId);
    }

    JobRecord withLabels(Map<String, String> newLabels) {
        return new JobRecord(id, sequence, owner, initiator, createdAt, spec, newLabels, stage, message, startedAt,
                finishedAt, scheduledJobId);
    }
}
