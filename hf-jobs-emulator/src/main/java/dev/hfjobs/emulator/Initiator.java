package dev.hfjobs.emulator;

import java.util.Optional;

/** What started a job: {@code {"type": "user"|"scheduled-job", "id", "name"?}}. */
record Initiator(String type, String id, Optional<String> name) {

    static Initiator scheduledJob(String scheduledJobId) {
        return new Initiator("scheduled-job", scheduledJobId, Optional.empty());
    }
}
