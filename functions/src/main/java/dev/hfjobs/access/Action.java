package dev.hfjobs.access;

import java.util.Locale;
import java.util.Optional;

/** What a caller does in a namespace; an access policy grants these per namespace. */
public enum Action {
    /** Create jobs, and change their labels. */
    SUBMIT,
    /** Inspect and list jobs and scheduled jobs, read their logs and metrics. */
    READ,
    /** Cancel jobs. */
    CANCEL,
    /** Create, delete, suspend, resume, run and relabel scheduled jobs. */
    SCHEDULE;

    /** The name a policy uses: lower case. */
    public String policyName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Action> fromPolicyName(String name) {
        for (Action action : values()) {
            if (action.policyName().equals(name)) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }
}
