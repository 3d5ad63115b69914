package dev.hfjobs.store;

import java.util.Objects;

/**
 * A Step Functions task waiting for a job: its task token, and where its callbacks stand. Each
 * callback happens once per job and outcome; the token is never sent to the Hub nor written whole
 * to a log line or an event.
 *
 * @param token the task token the request carried
 * @param done true once the final callback went (success or failure), or once Step Functions said
 *     the task is over (timed out, unknown token): no more callbacks
 * @param pending the final callback still to send (Step Functions was throttled or failing when the
 *     job ended), as the JSON the poller sends again; null when there is none
 */
public record TaskLink(String token, boolean done, String pending) {
    public TaskLink {
        Objects.requireNonNull(token, "token");
    }

    /** A task that waits, nothing sent yet. */
    public static TaskLink waiting(String token) {
        return new TaskLink(token, false, null);
    }

    /** Whether callbacks may still be owed: heartbeats while the job lives, then the final one. */
    public boolean open() {
        return !done;
    }

    public TaskLink finished() {
        return new TaskLink(token, true, null);
    }

    public TaskLink withPending(String callback) {
        return new TaskLink(token, false, callback);
    }

    @Override
    public String toString() {
        return "TaskLink[token=" + TaskTokens.fingerprint(token) + ", done=" + done + ", pending=" + (pending != null)
                + "]";
    }
}
