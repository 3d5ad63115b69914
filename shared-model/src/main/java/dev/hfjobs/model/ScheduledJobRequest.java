package dev.hfjobs.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A validated request to create a scheduled job: the spec of the jobs it starts (with the
 * namespace, as in a submit request) and when to start them. Built by
 * {@link JobRequests#parseScheduled} (create_scheduled_job's names) or
 * {@link WireSpecs#parseScheduledJob} (the Hub's body; the namespace is then in the path).
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

    /**
     * The body to post for this request, as create_scheduled_job builds it (key order included), for
     * the given spec: usually {@code spec()} with the project's tracking labels added.
     */
    public ScheduledJobBody body(JobSpec sentSpec) {
        return new ScheduledJobBody(sentSpec, schedule, concurrency, suspend);
    }

    /** The namespace asked for, when the request named one. */
    public Optional<String> requestedNamespace() {
        return submit.requestedNamespace();
    }
}
