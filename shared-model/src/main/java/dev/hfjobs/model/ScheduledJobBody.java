package dev.hfjobs.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/**
 * The body of {@code POST /api/scheduled-jobs/{namespace}} in huggingface_hub 2.0.0's key order:
 * {@code jobSpec}, {@code schedule}, then {@code concurrency} and {@code suspend} only when set.
 * {@link Wire#write} gives the reference's bytes. Holds secret values: never log or echo it
 * ({@link #toString()} shows names only).
 *
 * @param jobSpec the spec of every job the schedule starts
 * @param schedule an {@code @}-alias or a 5-field cron expression
 * @param concurrency allow a run to start while the previous one still runs, or null for the Hub's default
 * @param suspend create it suspended, or null for the Hub's default
 */
@JsonPropertyOrder({"jobSpec", "schedule", "concurrency", "suspend"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScheduledJobBody(JobSpec jobSpec, String schedule, Boolean concurrency, Boolean suspend) {
    public ScheduledJobBody {
        Objects.requireNonNull(jobSpec, "jobSpec");
        Objects.requireNonNull(schedule, "schedule");
    }
}
