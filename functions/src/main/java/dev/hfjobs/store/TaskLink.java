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
 * @param heartbeats false once Step Functions refused a heartbeat for the token: the final callback
 *     is still sent (a task without {@code HeartbeatSeconds} may refuse heartbeats and still wait)
 */
public record TaskLink(String token, boolean done, String pending, boolean heartbeats) {
    public TaskLink {
        Objects.requireNonNull(token, "token");
    }

    /** A task that waits, nothing sent yet. */
    public static TaskLink waiting(String token) {
        return new TaskLink(token, false, null, true);
    }

    /** Whether callbacks may still be owed: heartbeats while the job lives, then the final one. */
    public boolean open() {
        return !done;
    }

    public TaskLink finished() {
        return new TaskLink(token, true, null, heartbeats);
    }

    /** No more heartbeats; the final callback is still owed. */
    public TaskLink quiet() {
        return new TaskLink(token, done, pending, false);
    }

    public TaskLink withPending(String callback) {
        return new TaskLink(token, false, callback, heartbeats);
    }

    @Override
    public String toString() {
        return "TaskLink[token=" + TaskTokens.fingerprint(token) + ", done=" + done + ", pending=" + (pending != null)
                + ", heartbeats=" + heartbeats + "]";
    }
}
