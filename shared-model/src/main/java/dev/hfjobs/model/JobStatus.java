package dev.hfjobs.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Optional;

/**
 * A job's stage and the Hub's message about it.
 *
 * @param stage never null; {@code UNKNOWN} when the Hub sent none
 * @param message the Hub's explanation (e.g. an error), or null
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record JobStatus(JobStage stage, String message) {
    static final JobStage UNKNOWN = new JobStage("UNKNOWN");

    public JobStatus {
        stage = stage == null ? UNKNOWN : stage;
    }

    /** The message, when there is one. */
    public Optional<String> messageIfAny() {
        return Optional.ofNullable(message).filter(m -> !m.isBlank());
    }
}
