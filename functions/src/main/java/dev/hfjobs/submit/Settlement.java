package dev.hfjobs.submit;

import dev.hfjobs.Deadline;
import dev.hfjobs.Log;
import dev.hfjobs.model.JobInfo;
import dev.hfjobs.model.Wire;
import dev.hfjobs.ports.EventPublisher;
import dev.hfjobs.store.ClaimLostException;
import dev.hfjobs.store.Claims;
import dev.hfjobs.store.IdempotencyClaim;
import dev.hfjobs.store.JobRecord;
import dev.hfjobs.store.JobRecords;
import dev.hfjobs.store.OutboxEvent;
import dev.hfjobs.store.StoreUnavailableException;
import dev.hfjobs.store.TaskLink;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

/**
 * What follows a job's creation (or its discovery on a replay): the claim marked done, and the
 * record the poller tracks, which carries the {@code HF Job Submitted} event: the table's stream
 * publishes it once the record is stored ({@link OutboxEvent}), so the request does not wait for
 * EventBridge and the event cannot be lost after the record was written. Each step is repeatable,
 * so a replay repairs whatever a first attempt could not finish; the outcome says whether all of it
 * is done.
 */
final class Settlement {
    private final Claims claims;
    private final JobRecords jobs;
    private final URI endpoint;
    private final Clock clock;

    Settlement(Claims claims, JobRecords jobs, URI endpoint, Clock clock) {
        this.claims = claims;
        this.jobs = jobs;
        this.endpoint = endpoint;
        this.clock = clock;
    }

    /** Where the job being settled came from. */
    enum Origin {
        /** This request's own POST created it just now. */
        CREATED,
        /** Found on the Hub by the claim's tracking id: an earlier attempt created it. */
        FOUND,
        /** The claim was done already: a repeat of a settled request. */
        REPLAYED
    }

    /**
     * A job this request just created has its record (with its event) and its claim written in one
     * unconditional call ({@link JobRecords#putCreated}). A job an earlier attempt created may have a
     * record the poller moved on already, so there the writes keep their conditions: the record is
     * written only when missing (and only then is its event published), and the claim and the record
     * are written at once (the time of the slower). A replay's record exists, and its event was
     * published when it was written: a replay publishes nothing again.
     */
    SubmitOutcome.Created settle(JobInfo job, SubmitCommand command, IdempotencyClaim claim, Origin origin,
            Deadline deadline) {
        String namespace = job.namespace().orElse(claim.namespace());
        URI url = job.url(endpoint, namespace);
        OutboxEvent event = outbox(SubmitEvents.submitted(job, url, command, namespace));
        boolean settled = switch (origin) {
            case CREATED -> recordCreated(job, command, claim, namespace, url, event, deadline);
            case FOUND -> allDone(List.of(() -> complete(job, claim, namespace, deadline),
                    () -> record(job, command, claim, namespace, url, event, deadline)));
            case REPLAYED -> record(job, command, claim, namespace, url, event, deadline)
                    && (command.taskToken() == null || attachTask(job.id(), command.taskToken(), deadline));
        };
        boolean replayed = origin == Origin.REPLAYED;
        command.steps().end("settle");
        Log.info("submitted", Map.of("jobId", job.id(), "namespace", namespace, "replayed", replayed, "settled",
                settled, "stepsMillis", command.steps().millis()));
        return new SubmitOutcome.Created(job, url, replayed, settled);
    }

    private static OutboxEvent outbox(EventPublisher.HfEvent event) {
        return new OutboxEvent(event.detailType(), event.eventId(), Wire.write(event.detail()));
    }

    /**
     * Runs the writes at once: each but the last on a thread of its own, the last on this one (a
     * thread fewer to start and switch to); true when every one succeeded.
     */
    private static boolean allDone(List<Supplier<Boolean>> writes) {
        List<FutureTask<Boolean>> started = writes.subList(0, writes.size() - 1).stream().map(Settlement::start)
                .toList();
        boolean settled = writes.getLast().get();
        for (FutureTask<Boolean> write : started) {
            settled &= join(write);
        }
        return settled;
    }

    private static FutureTask<Boolean> start(Supplier<Boolean> write) {
        FutureTask<Boolean> task = new FutureTask<>(write::get);
        Thread.ofVirtual().name("settle").start(task);
        return task;
    }

    /** Each write is bounded by the deadline itself; an unexpected failure is the caller's, as before. */
    private static boolean join(FutureTask<Boolean> task) {
        try {
            return task.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("settling failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
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
            OutboxEvent event, Deadline deadline) {
        try {
            jobs.put(newRecord(job, command, claim, namespace, url), event, deadline);
            return true;
        } catch (StoreUnavailableException e) {
            return false;
        }
    }

    private boolean recordCreated(JobInfo job, SubmitCommand command, IdempotencyClaim claim, String namespace,
            URI url, OutboxEvent event, Deadline deadline) {
        try {
            jobs.putCreated(newRecord(job, command, claim, namespace, url), claim.done(job.id(), namespace), event,
                    deadline);
            return true;
        } catch (StoreUnavailableException e) {
            return false;
        }
    }

    private JobRecord newRecord(JobInfo job, SubmitCommand command, IdempotencyClaim claim, String namespace,
            URI url) {
        Instant now = clock.instant();
        return new JobRecord(job.id(), namespace, job.stage().value(), job.flavor(), job.labels(),
                job.createdAt() != null ? job.createdAt() : now, command.source().label(), command.caller(),
                command.idempotencyKey(), url.toString(), claim.trackingId(), now, job.status().message(), 0, null,
                command.taskToken() == null ? null : TaskLink.waiting(command.taskToken()));
    }
}
