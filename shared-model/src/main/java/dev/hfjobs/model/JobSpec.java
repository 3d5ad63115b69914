package dev.hfjobs.model;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The body of {@code POST /api/jobs/{namespace}}, exactly as huggingface_hub's
 * {@code _create_job_spec} builds it: {@code command}, {@code arguments}, {@code environment} and
 * {@code flavor} always; {@code secrets}, {@code labels} and {@code volumes} only when non-empty;
 * {@code timeoutSeconds} only when set; then exactly one of {@code dockerImage} or {@code spaceId}.
 * Also the {@code jobSpec} found inside scheduled jobs, where the Hub returns secret names only.
 *
 * <p>{@link #toString()} never shows secret values; use {@link #redacted()} before a spec leaves
 * the process in an answer, an event or a log line.
 *
 * @param command the command and its arguments, as a list
 * @param arguments always empty (the reference puts everything in {@code command})
 * @param environment plain environment variables, in order
 * @param flavor the hardware flavor, {@code cpu-basic} by default
 * @param secrets encrypted environment variables: name to value when posting; name to null when
 *     read back from the Hub or redacted
 * @param timeoutSeconds the job's time limit in seconds, or null for the Hub's default (30 min)
 * @param labels user labels (and the project's {@code hfjobs-} tracking labels)
 * @param volumes repositories and buckets to mount
 * @param dockerImage the container image, or null when {@code spaceId} is set
 * @param spaceId the Space whose image runs, or null when {@code dockerImage} is set
 */
@JsonPropertyOrder({"command", "arguments", "environment", "flavor", "secrets", "timeoutSeconds", "labels",
    "volumes", "dockerImage", "spaceId"})
public record JobSpec(
        @JsonInclude(JsonInclude.Include.ALWAYS) List<String> command,
        @JsonInclude(JsonInclude.Include.ALWAYS) List<String> arguments,
        @JsonInclude(JsonInclude.Include.ALWAYS) @JsonAlias("env") Map<String, String> environment,
        @JsonInclude(JsonInclude.Include.ALWAYS) String flavor,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonDeserialize(using = SecretsJson.NamesDeserializer.class)
                Map<String, String> secrets,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonAlias("timeout_seconds") Long timeoutSeconds,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> labels,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Volume> volumes,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonAlias("docker_image") String dockerImage,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonAlias("space_id") String spaceId) {

    /** The flavor a job gets when none is asked for. */
    public static final String DEFAULT_FLAVOR = "cpu-basic";

    public JobSpec {
        command = Collections2.listCopy(command);
        arguments = Collections2.listCopy(arguments);
        environment = Collections2.orderedCopy(environment);
        flavor = flavor == null || flavor.isEmpty() ? DEFAULT_FLAVOR : flavor;
        secrets = Collections2.orderedCopy(secrets);
        labels = Collections2.orderedCopy(labels);
        volumes = Collections2.listCopy(volumes);
    }

    /** The image as the caller wrote it: a Docker reference, or the Space id. */
    @JsonIgnore
    public ImageRef image() {
        return dockerImage != null ? new ImageRef.Docker(dockerImage) : new ImageRef.Space(Objects.toString(spaceId, ""));
    }

    /** The time limit, when one was set. */
    public Optional<Long> timeout() {
        return Optional.ofNullable(timeoutSeconds);
    }

    /** The same spec with every secret value replaced by null: safe for answers, events and logs. */
    public JobSpec redacted() {
        Map<String, String> names = new LinkedHashMap<>();
        secrets.keySet().forEach(name -> names.put(name, null));
        return new JobSpec(command, arguments, environment, flavor, names, timeoutSeconds, labels, volumes,
                dockerImage, spaceId);
    }

    /** The same spec with more labels (added after the existing ones; same keys replaced). */
    public JobSpec withLabels(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(labels);
        all.putAll(more);
        return new JobSpec(command, arguments, environment, flavor, secrets, timeoutSeconds, all, volumes,
                dockerImage, spaceId);
    }

    @Override
    public String toString() {
        return "JobSpec[image=" + image() + ", command=" + command + ", flavor=" + flavor + ", timeoutSeconds="
                + timeoutSeconds + ", environment=" + environment.keySet() + ", secrets=" + secrets.keySet()
                + ", labels=" + labels + ", volumes=" + volumes + "]";
    }
}
