package dev.hfjobs.submit;

import dev.hfjobs.Deadline;
import dev.hfjobs.model.JobInfo;
import dev.hfjobs.ports.EventPublisher;
import dev.hfjobs.store.ClaimLostException;
import dev.hfjobs.store.Claims;
import dev.hfjobs.store.IdempotencyClaim;
import dev.hfjobs.store.JobRecord;
import dev.hfjobs.store.JobRecords;
import dev.hfjobs.store.StoreUnavailableException;
import dev.hfjobs.store.TaskLink;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What follows a job's creation (or its discovery on a replay): the claim marked done, the record
 * the poller tracks, and the {@code HF Job Submitted} event. Each step is repeatable, so a replay
 * repairs whatever a first attempt could not finish; the outcome says whether all of it is done.
 */
final class Settlement {
    private final Claims claims;
    private final JobRecords jobs;
    private final EventPublisher events;
    private final URI endpoint;
    private final Clock clock;

    Settlement(Claims claims, JobRecords jobs, EventPublisher events, URI endpoint, Clock clock) {
        this.claims = claims;
        this.jobs = jobs;
        this.events = events;
        this.endpoint = endpoint;
        this.clock = clock;
    }

    SubmitOutcome.Created settle(JobInfo job, SubmitCommand command, IdempotencyClaim claim, boolean replayed,
            Deadline deadline) {
        String namespace = job.namespace().orElse(claim.namespace());
        URI url = job.url(endpoint, namespace);
        boolean settled = replayed || complete(job, claim, namespace, deadline);
        settled &= record(job, command, claim, namespace, url, deadline);
        if (replayed && command.taskToken() != null) {
            settled &= attachTask(job.id(), command.taskToken(), deadline);
        }
        settled &= events.publish(List.of(SubmitEvents.submitted(job, url, command, namespace)), deadline).isEmpty();
        return new SubmitOutcome.Created(job, url, replayed, settled);
    }

    private boolean complete(JobInfo job, IdempotencyClaim claim, String namespace, Deadline deadline) {
        try {
            claims.complete(claim.key(), claim.trackingId(), job.id(), namespace, claim.expiresAt(), deadline);
            return true;
        } catch (ClaimLostException e) {
            // Someone took the claim over; they search by the same tracking id and find this job.
            return true;
        } catch (StoreUnavailableException e) {
            return false;
        }
    }

    /**
     * A repeat that carries another task token (Step Functions retried its task) makes the job's
     * callbacks go to the new task: the poller calls back whoever waits now.
     */
    private boolean attachTask(String jobId, String token, Deadline deadline) {
        try {
            Optional<JobRecord> current = jobs.find(jobId, deadline);
            if (current.isEmpty() || current.get().task() != null && current.get().task().token().equals(token)) {
                return true;
            }
            return jobs.updateStage(current.get().withTask(TaskLink.waiting(token)).nextVersion(),
                    current.get().version(), deadline);
        } catch (StoreUnavailableException e) {
            return false;
        }
    }

    private boolean record(JobInfo job, SubmitCommand command, IdempotencyClaim claim, String namespace, URI url,
            Deadline deadline) {
        Instant now = clock.instant();
        JobRecord record = new JobRecord(job.id(), namespace, job.stage().value(), job.flavor(), job.labels(),
                job.createdAt() != null ? job.createdAt() : now, command.source().label(), command.caller(),
                command.idempotencyKey(), url.toString(), claim.trackingId(), now, job.status().message(), 0, null,
                command.taskToken() == null ? null : TaskLink.waiting(command.taskToken()));
        try {
            jobs.put(record, deadline);
            return true;
        } catch (StoreUnavailableException e) {
            return false;
        }
    }
}
