package dev.hfjobs.emulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the emulator holds about one job at one moment.
 *
 * @param id             the 24-hex job id
 * @param namespace      the user or organization that owns it
 * @param stage          its stage, an open set (see {@link JobStage})
 * @param message        the status message, if any
 * @param createdAt      when it was created
 * @param startedAt      when it started running, if it did
 * @param finishedAt     when it reached a terminal stage, if it did
 * @param flavor         its hardware flavor
 * @param labels         its labels
 * @param secretNames    the names of its secrets (values are never kept)
 * @param scheduledJobId the scheduled job that started it, if any
 * @param json           its Hub wire form, as GET /api/jobs/{ns}/{id} answers it now
 */
public record JobSnapshot(String id, String namespace, String stage, Optional<String> message, Instant createdAt,
                          Optional<Instant> startedAt, Optional<Instant> finishedAt, String flavor,
                          Map<String, String> labels, List<String> secretNames, Optional<String> scheduledJobId,
                          String json) {

    public JobSnapshot {
        labels = Map.copyOf(labels);
        secretNames = List.copyOf(secretNames);
    }
}
