package dev.hfjobs.hub;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.hfjobs.model.JobSpec;

/**
 * The body of {@code POST /api/scheduled-jobs/{namespace}}.
 *
 * @param jobSpec the spec of every job it starts
 * @param schedule an {@code @}-alias or a 5-field cron expression
 * @param suspend start suspended, or null for the Hub's default
 * @param concurrency allow overlapping runs, or null for the Hub's default
 */
@JsonPropertyOrder({"jobSpec", "schedule", "suspend", "concurrency"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScheduledJobCreate(JobSpec jobSpec, String schedule, Boolean suspend, Boolean concurrency) {
    @Override
    public String toString() {
        return "ScheduledJobCreate[schedule=" + schedule + ", jobSpec=" + jobSpec + "]";
    }
}
