package dev.hfjobs.emulator;

import java.util.Optional;

/**
 * What started a job: {@code {"type", "id", "name"?}}, with type {@code user} for a person and
 * {@code scheduled-job} for a run a schedule (or a trigger) started.
 */
record Initiator(String type, String id, Optional<String> name) {

    /** @param name the scheduled job's {@code name} label, if it has one */
    static Initiator scheduledJob(String scheduledJobId, Optional<String> name) {
        return new Initiator("scheduled-job", scheduledJobId, name);
    }
}
