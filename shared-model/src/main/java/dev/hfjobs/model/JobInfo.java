package dev.hfjobs.model;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A job as the Hub describes it ({@code GET /api/jobs/{namespace}/{id}} and friends). Parsing is
 * tolerant: unknown fields are ignored, optional ones may be missing or null, timestamps may or may
 * not have fractional seconds, and {@code secrets} may be an object or a list. Secret values are
 * never kept: {@link #secrets()} maps each name to null. The fields huggingface_hub 2.0 added are read
 * and written back too: {@code status.exposeUrls}, {@code status.sshUrl}, {@code initiator} and
 * {@code network} (null when the job joined no network group). {@link ModelJson} reads and writes
 * it by hand, as these annotations declare ({@code ModelJsonTest} holds it to them).
 *
 * @param id 24 hex characters
 * @param createdAt when the job was created
 * @param startedAt when it started running, or null
 * @param finishedAt when it reached a terminal stage, or null
 * @param dockerImage the image, or null for a Space job
 * @param spaceId the Space, or null for a Docker job
 * @param command the command
 * @param arguments extra arguments (usually empty)
 * @param environment plain environment variables
 * @param secrets secret names, each mapped to null
 * @param flavor the hardware flavor
 * @param labels the job's labels
 * @param volumes the mounts
 * @param timeoutSeconds the time limit, or null
 * @param status the stage, its message, and the exposed-port and SSH URLs
 * @param durations seconds per phase, or null
 * @param owner who owns the job (its namespace)
 * @param initiator who or what started it, or null
 * @param network the network group the job joined and its aliases, or null
 */
@JsonPropertyOrder({"id", "createdAt", "startedAt", "finishedAt", "dockerImage", "spaceId", "command",
    "arguments", "environment", "secrets", "flavor", "labels", "volumes", "timeoutSeconds", "status",
    "durations", "owner", "initiator", "network"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record JobInfo(
        String id,
        @JsonAlias("created_at") Instant createdAt,
        @JsonAlias("started_at") Instant startedAt,
        @JsonAlias("finished_at") Instant finishedAt,
        @JsonAlias("docker_image") String dockerImage,
        @JsonAlias("space_id") String spaceId,
        List<String> command,
        List<String> arguments,
        Map<String, String> environment,
        @JsonDeserialize(using = SecretsJson.NamesDeserializer.class) Map<String, String> secrets,
        String flavor,
        Map<String, String> labels,
        List<Volume> volumes,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonAlias("timeout_seconds") Long timeoutSeconds,
        JobStatus status,
        @JsonInclude(JsonInclude.Include.NON_NULL) JobDurations durations,
        JobOwner owner,
        @JsonInclude(JsonInclude.Include.NON_NULL) JobInitiator initiator,
        @JsonInclude(JsonInclude.Include.NON_NULL) JobNetwork network) {

    public JobInfo {
        command = Collections2.listCopy(command);
        arguments = Collections2.listCopy(arguments);
        environment = Collections2.orderedCopy(environment);
        secrets = SecretNames.namesOnly(secrets);
        labels = Collections2.orderedCopy(labels);
        volumes = Collections2.listCopy(volumes);
        status = status == null ? new JobStatus(null, null) : status;
        network = JobNetwork.orNull(network);
    }

    /** A job without a network group (the shape before huggingface_hub 2.0). */
    public JobInfo(String id, Instant createdAt, Instant startedAt, Instant finishedAt, String dockerImage,
            String spaceId, List<String> command, List<String> arguments, Map<String, String> environment,
            Map<String, String> secrets, String flavor, Map<String, String> labels, List<Volume> volumes,
            Long timeoutSeconds, JobStatus status, JobDurations durations, JobOwner owner, JobInitiator initiator) {
        this(id, createdAt, startedAt, finishedAt, dockerImage, spaceId, command, arguments, environment, secrets,
                flavor, labels, volumes, timeoutSeconds, status, durations, owner, initiator, null);
    }

    /** The job's stage (UNKNOWN when the Hub sent none). */
    @JsonIgnore
    public JobStage stage() {
        return status.stage();
    }

    /** The namespace the job lives in: its owner's name. */
    @JsonIgnore
    public Optional<String> namespace() {
        return Optional.ofNullable(owner).map(JobOwner::name);
    }

    /**
     * The job's page, {@code {endpoint}/jobs/{owner}/{id}}, as the reference client builds it; the
     * given namespace stands in when the Hub sent no owner.
     */
    public URI url(URI endpoint, String fallbackNamespace) {
        String base = endpoint.toString().replaceAll("/+$", "");
        return URI.create(base + "/jobs/" + namespace().orElse(fallbackNamespace) + "/" + id);
    }

    /** The running seconds the Hub reports, when it does. */
    public Optional<Long> runningSeconds() {
        return Optional.ofNullable(durations).map(JobDurations::runningSecs);
    }
}
