package dev.hfjobs.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A validated request to create a scheduled job: the spec of the jobs it starts (with the
 * namespace, as in a submit request) and when to start them.
 *
 * @param submit the job spec, without tracking labels, and the namespace asked for (or null)
 * @param schedule an {@code @}-alias or a 5-field cron expression, already checked by
 *     {@link Schedules#validate(String)}
 * @param suspend create it suspended, or null for the Hub's default
 * @param concurrency allow a run to start while the previous one still runs, or null for the
 *     Hub's default
 */
public record ScheduledJobRequest(SubmitRequest submit, String schedule, Boolean suspend, Boolean concurrency) {
    public ScheduledJobRequest {
        Objects.requireNonNull(submit, "submit");
        Objects.requireNonNull(schedule, "schedule");
    }

    /** The spec of every job the schedule starts (secret values included: do not echo it). */
    public JobSpec spec() {
        return submit.spec();
    }

    /** The namespace asked for, when the request named one. */
    public Optional<String> requestedNamespace() {
        return submit.requestedNamespace();
    }
}
