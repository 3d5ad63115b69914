package dev.hfjobs.model;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Optional;

/**
 * A job's stage, the Hub's message about it, and where a running job can be reached.
 *
 * @param stage never null; {@code UNKNOWN} when the Hub sent none
 * @param message the Hub's explanation (e.g. an error), or null
 * @param exposeUrls one URL per exposed port, e.g. {@code https://<id>--8000.hf.jobs}; empty when none
 *     (the Hub sends null or leaves it out)
 * @param sshUrl e.g. {@code ssh://<id>@ssh.hf.jobs}, only for a job started with SSH; else null
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"stage", "message", "exposeUrls", "sshUrl"})
public record JobStatus(
        JobStage stage,
        String message,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonAlias("expose_urls") List<String> exposeUrls,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonAlias("ssh_url") String sshUrl) {
    static final JobStage UNKNOWN = new JobStage("UNKNOWN");

    public JobStatus {
        stage = stage == null ? UNKNOWN : stage;
        exposeUrls = Collections2.nonNullCopy(exposeUrls);
    }

    /** A status without exposed ports or SSH. */
    public JobStatus(JobStage stage, String message) {
        this(stage, message, null, null);
    }

    /** The message, when there is one. */
    public Optional<String> messageIfAny() {
        return Optional.ofNullable(message).filter(m -> !m.isBlank());
    }

    /** The SSH URL, when the job was started with SSH. */
    public Optional<String> sshUrlIfAny() {
        return Optional.ofNullable(sshUrl).filter(u -> !u.isBlank());
    }
}
