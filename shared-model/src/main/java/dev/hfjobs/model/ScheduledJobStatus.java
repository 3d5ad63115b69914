package dev.hfjobs.model;

import com.fasterxml.jackson.annotation.JsonAlias;
import java.time.Instant;

/**
 * Where a scheduled job stands.
 *
 * @param lastJob the last job it started, or null
 * @param nextJobRunAt when it next starts one, or null (suspended)
 */
public record ScheduledJobStatus(
        @JsonAlias("last_job") LastJobInfo lastJob,
        @JsonAlias("next_job_run_at") Instant nextJobRunAt) {}
