package dev.hfjobs.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A job's stage. An open set: the Hub adds stages over time, so an unknown value parses and is kept
 * as it is (see {@link #isKnown()}), never an exception.
 *
 * @param value the stage as the Hub spells it, upper case (e.g. {@code RUNNING})
 */
public record JobStage(String value) {
    public static final JobStage SCHEDULING = new JobStage("SCHEDULING");
    public static final JobStage RUNNING = new JobStage("RUNNING");
    public static final JobStage COMPLETED = new JobStage("COMPLETED");
    public static final JobStage CANCELED = new JobStage("CANCELED");
    public static final JobStage ERROR = new JobStage("ERROR");
    public static final JobStage DELETED = new JobStage("DELETED");
    /** Seen on the Hub while a job's labels or spec are being changed. */
    public static final JobStage UPDATING = new JobStage("UPDATING");

    private static final Set<JobStage> TERMINAL = Set.of(COMPLETED, CANCELED, ERROR, DELETED);
    private static final Set<JobStage> KNOWN = Set.of(SCHEDULING, RUNNING, COMPLETED, CANCELED, ERROR, DELETED, UPDATING);

    public JobStage {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new ModelException("a job stage must not be blank");
        }
    }

    /** Parses a stage from the wire; case is normalized to upper case. */
    @JsonCreator
    public static JobStage of(String value) {
        return new JobStage(Objects.requireNonNull(value, "value").strip().toUpperCase(Locale.ROOT));
    }

    /** The four stages a job never leaves: COMPLETED, CANCELED, ERROR, DELETED. */
    public boolean isTerminal() {
        return TERMINAL.contains(this);
    }

    /** Whether this is one of the stages this version knows. */
    public boolean isKnown() {
        return KNOWN.contains(this);
    }

    /** The stages every release knows, for documentation and validation of filters. */
    public static Set<JobStage> known() {
        return KNOWN;
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
