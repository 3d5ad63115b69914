package dev.hfjobs.ports;

import dev.hfjobs.Deadline;
import dev.hfjobs.hub.LogLine;
import java.util.List;
import java.util.Optional;

/**
 * Where a finished job's logs are kept for AWS users: one stream per job, as AWS Batch keeps them.
 * A copy is idempotent: copying the same job again (a poller run that is retried) adds nothing to
 * what a complete copy holds, and finishes one that was cut short.
 */
public interface LogArchive {
    /** No archive configured: nothing is copied. */
    LogArchive NONE = (namespace, jobId, lines, truncated, deadline) -> Optional.empty();

    /**
     * Copies the lines, then one line that says how many (and whether the Hub's log was cut).
     *
     * @param truncated true when {@code lines} is not the whole log (a size limit cut the read)
     * @return where the copy is; empty when there is no archive or the copy failed (logged)
     */
    Optional<Location> copy(String namespace, String jobId, List<LogLine> lines, boolean truncated, Deadline deadline);

    /** A log stream: its group and its name. */
    record Location(String group, String stream) {}
}
