package dev.hfjobs.submit;

import java.util.Locale;

/** Where a submit request came from; also the value of the {@code hfjobs-source} label. */
public enum Source {
    API,
    SQS,
    SCHEDULED;

    /** The lower-case name used in labels, records and events. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
