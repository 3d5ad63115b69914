package dev.hfjobs.submit;

import dev.hfjobs.aws.EventPublisher;
import dev.hfjobs.model.JobInfo;
import dev.hfjobs.store.ClaimLostException;
import dev.hfjobs.store.IdempotencyClaim;
import dev.hfjobs.store.JobRecord;
import dev.hfjobs.store.JobStore;
import dev.hfjobs.store.StoreUnavailableException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * What follows a job's creation (or its discovery on a replay): the claim marked done, the record
 * the poller tracks, and the {@code HF Job Submitted} event. Each step is repeatable, so a replay
 * repairs whatever a first attempt could not finish; the outcome says whether all of it is done.
 */
final class Settlement {
    private final JobStore store;
    private final EventPublisher events;
    private final URI endpoint;
    private final Clock clock;

    Settlement(JobStore store, EventPublisher events, URI endpoint, Clock clock) {
        this.store = store;
        this.events = events;
        this.endpoint = endpoint;
        this.clock = clock;
    }

    SubmitOutcome.Created settle(JobInfo job, SubmitCommand command, IdempotencyClaim claim, boolean replayed) {
        String namespace = job.namespace().orElse(claim.namespace());
        URI url = job.url(endpoint, namespace);
        boolean settled = replayed || complete(job, claim, namespace);
        settled &= record(job, command, claim, namespace, url);
        settled &= events.publish(List.of(SubmitEvents.submitted(job, url, command, namespace))).isEmpty();
        return new SubmitOutcome.Created(job, url, replayed, settled);
    }

    private boolean complete(JobInfo job, IdempotencyClaim claim, String namespace) {
        try {
            store.complete(claim.key(), claim.trackingId(), job.id(), namespace, claim.expiresAt());
            return true;
        } catch (ClaimLostException e) {
            // Someone took the claim over; they search by the same tracking id and find this job.
            return true;
        } catch (StoreUnavailableException e) {
            return false;
        }
    }

    private boolean record(JobInfo job, SubmitCommand command, IdempotencyClaim claim, String namespace, URI url) {
        Instant now = clock.instant();
        JobRecord record = new JobRecord(job.id(), namespace, job.stage().value(), job.flavor(), job.labels(),
                job.createdAt() != null ? job.createdAt() : now, command.source().label(), command.caller(),
                command.idempotencyKey(), url.toString(), claim.trackingId(), now, job.status().message(), 0, null);
        try {
            store.putJob(record);
            return true;
        } catch (StoreUnavailableException e) {
            return false;
        }
    }
}
