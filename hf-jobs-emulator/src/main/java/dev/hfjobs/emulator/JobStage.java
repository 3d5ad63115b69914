package dev.hfjobs.emulator;

import java.util.Locale;
import java.util.Optional;

/**
 * The stages a Hub job goes through. The Hub treats the stage as an open set: the emulator stores
 * any string (see {@link HfJobsEmulator#setStage(String, String, String)}), these are the known
 * ones.
 */
public enum JobStage {
    SCHEDULING, RUNNING, UPDATING, COMPLETED, CANCELED, ERROR, DELETED;

    /** @return true for the stages a job never leaves: COMPLETED, CANCELED, ERROR, DELETED */
    public boolean terminal() {
        return switch (this) {
            case COMPLETED, CANCELED, ERROR, DELETED -> true;
            case SCHEDULING, RUNNING, UPDATING -> false;
        };
    }

    /** @return the known stage of that name (case-insensitive), empty for an unknown stage */
    public static Optional<JobStage> parse(String stage) {
        for (JobStage known : values()) {
            if (known.name().equals(stage.toUpperCase(Locale.ROOT))) {
                return Optional.of(known);
            }
        }
        return Optional.empty();
    }

    /** @return whether a stage string names a terminal stage; unknown stages are not terminal */
    static boolean isTerminal(String stage) {
        return parse(stage).map(JobStage::terminal).orElse(false);
    }
}
