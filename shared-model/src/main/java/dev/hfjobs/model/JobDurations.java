package dev.hfjobs.model;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.OptionalLong;

/**
 * How long a job has spent in each phase, in whole seconds. The Hub may leave any key out.
 *
 * @param schedulingSecs seconds between creation and start, or null
 * @param runningSecs seconds spent running (what is billed), or null
 * @param totalSecs seconds from creation to now or to the end, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobDurations(
        @JsonAlias("scheduling_secs") Long schedulingSecs,
        @JsonAlias("running_secs") Long runningSecs,
        @JsonAlias("total_secs") Long totalSecs) {

    /** The billed seconds, when known. */
    public OptionalLong running() {
        return runningSecs == null ? OptionalLong.empty() : OptionalLong.of(runningSecs);
    }
}
