package dev.hfjobs.api;

import dev.hfjobs.access.AccessPolicy;
import dev.hfjobs.access.Action;
import dev.hfjobs.access.Caller;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The access policy applied to one request's caller. Every check is remembered, so the request's
 * access line says what was decided ({@code allow read alice}, {@code deny submit acme}).
 */
final class Access {
    private final AccessPolicy policy;
    private final Caller caller;
    private final List<String> decisions = new CopyOnWriteArrayList<>();

    Access(AccessPolicy policy, Caller caller) {
        this.policy = policy;
        this.caller = caller;
    }

    /** Everything allowed (tests, and the API without a policy). */
    static Access open() {
        return new Access(AccessPolicy.OPEN, Caller.ANONYMOUS);
    }

    /** Whether the caller may do {@code action} in {@code namespace}; remembered for the access line. */
    boolean may(Action action, String namespace) {
        boolean allowed = policy.allows(caller, action, namespace);
        if (!policy.isOpen()) {
            decisions.add((allowed ? "allow " : "deny ") + action.policyName() + " " + namespace);
        }
        return allowed;
    }

    /** Of the namespaces the token reaches, those the caller may use at all. */
    List<String> visible(List<String> namespaces) {
        return policy.isOpen() ? namespaces : policy.visible(caller, namespaces);
    }

    /** The exact namespaces granted to the caller (none without a policy). */
    List<String> named() {
        return policy.namedFor(caller);
    }

    /** Whether a policy is in force. */
    boolean restricted() {
        return !policy.isOpen();
    }

    /** What the access line says: {@code open} without a policy, else every check made (or {@code none}). */
    String decision() {
        if (policy.isOpen()) {
            return "open";
        }
        String made = decisions.isEmpty() ? "none" : String.join("; ", decisions);
        return policy.broken().map(why -> why + ": " + made).orElse(made);
    }
}
