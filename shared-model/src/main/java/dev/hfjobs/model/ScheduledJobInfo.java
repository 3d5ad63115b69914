package dev.hfjobs.model;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/**
 * A scheduled job as the Hub describes it.
 *
 * @param id 24 hex characters
 * @param createdAt when it was created
 * @param schedule an {@code @}-alias or a 5-field cron expression
 * @param suspend whether it is suspended
 * @param concurrency whether a new run may start while the previous one still runs
 * @param jobSpec the spec of the jobs it starts (secret names only)
 * @param status its last and next run
 * @param owner its namespace
 */
@JsonPropertyOrder({"id", "createdAt", "schedule", "suspend", "concurrency", "jobSpec", "status", "owner"})
public record ScheduledJobInfo(
        String id,
        @JsonAlias("created_at") Instant createdAt,
        String schedule,
        boolean suspend,
        boolean concurrency,
        @JsonAlias("job_spec") JobSpec jobSpec,
        ScheduledJobStatus status,
        JobOwner owner) {

    public ScheduledJobInfo {
        jobSpec = jobSpec == null ? null : jobSpec.redacted();
        status = status == null ? new ScheduledJobStatus(null, null) : status;
    }
}
