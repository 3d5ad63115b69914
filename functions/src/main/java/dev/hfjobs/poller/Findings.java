package dev.hfjobs.poller;

import dev.hfjobs.ports.EventPublisher.HfEvent;
import dev.hfjobs.store.JobRecord;
import java.time.Instant;
import java.util.List;

/**
 * What a look at one namespace found, before anything is written or sent: the stage changes, the
 * jobs to adopt, the jobs stuck in SCHEDULING, and the Hub calls it took. {@link StatusPoller}
 * applies all of it.
 *
 * @param namespace the namespace looked at
 * @param listed false when the Hub could not list it (its jobs wait for the next run)
 * @param records the tracked records looked at (whose tasks the run keeps alive)
 * @param changes stage changes: the record as it was, as it becomes, and the event
 * @param adopted jobs that scheduled jobs started, to track from now on (their first stage is among
 *     {@code changes})
 * @param stuck jobs still SCHEDULING past the configured limit
 * @param hubCalls list pages and inspections made
 */
record Findings(String namespace, boolean listed, List<JobRecord> records, List<Change> changes, List<JobRecord> adopted, List<Stuck> stuck,
        int hubCalls) {

    Findings {
        records = List.copyOf(records);
        changes = List.copyOf(changes);
        adopted = List.copyOf(adopted);
        stuck = List.copyOf(stuck);
    }

    static Findings unlisted(String namespace, List<JobRecord> records, int hubCalls) {
        return new Findings(namespace, false, records, List.of(), List.of(), List.of(), hubCalls);
    }

    /** A stage change found: the record as it was, as it becomes, and its event. */
    record Change(JobRecord record, JobRecord updated, HfEvent event) {}

    /** A job SCHEDULING since {@code since}, past the limit. */
    record Stuck(JobRecord record, Instant since) {}
}
