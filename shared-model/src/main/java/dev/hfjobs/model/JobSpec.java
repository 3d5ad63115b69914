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
 * The body of {@code POST /api/jobs/{namespace}}, exactly as huggingface_hub 2.0.0's
 * {@code _create_job_spec} builds it, in its key order: {@code command}, {@code arguments},
 * {@code environment} and {@code flavor} always; {@code secrets} only when non-empty;
 * {@code timeoutSeconds} only when set; {@code labels}, {@code volumes}, {@code expose} only when
 * non-empty; {@code ssh} only when enabled; {@code network} only with a group;
 * {@code resourceGroupId} only when set; then exactly one of {@code dockerImage} or {@code spaceId}.
 * {@link Wire#write(Object)} gives the reference's bytes: {@link ModelJson} writes it by hand, in the
 * order and with the inclusion these annotations declare ({@code ModelJsonTest} holds it to them). Also the {@code jobSpec} found inside
 * scheduled jobs, where the Hub returns secret names only.
 *
 * <p>Built by {@link JobRequests#parseSubmit} (run_job's names, default name included) or by
 * {@link WireSpecs#parseJobSpec} (the Hub's own camelCase body); both validate. The job's name is
 * the {@code name} label ({@link #name()}).
 *
 * <p>{@link #toString()} never shows secret values; use {@link #redacted()} before a spec leaves
 * the process in an answer, an event or a log line.
 *
 * @param command the command and its arguments, as a list
 * @param arguments always empty from run_job (the reference puts everything in {@code command})
 * @param environment plain environment variables, in order
 * @param flavor the hardware flavor, {@code cpu-basic} by default
 * @param secrets encrypted environment variables: name to value when posting; name to null when
 *     read back from the Hub or redacted
 * @param timeoutSeconds the job's time limit in seconds, or null for the Hub's default (30 min)
 * @param labels user labels, the {@code name} label (last when run_job added it), and the project's
 *     {@code hfjobs-} tracking labels once added
 * @param volumes repositories and buckets to mount
 * @param expose the container ports served through the jobs proxy, or null when none
 * @param ssh {@code {"enabled": true}} when the container is reachable over SSH, else null
 * @param network the network group to join and the aliases to claim in it, or null
 * @param resourceGroupId the resource group to create the job in, or null
 * @param dockerImage the container image, or null when {@code spaceId} is set
 * @param spaceId the Space whose image runs, or null when {@code dockerImage} is set
 */
@JsonPropertyOrder({"command", "arguments", "environment", "flavor", "secrets", "timeoutSeconds", "labels",
    "volumes", "expose", "ssh", "network", "resourceGroupId", "dockerImage", "spaceId"})
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
        @JsonInclude(JsonInclude.Include.NON_NULL) Expose expose,
        @JsonInclude(JsonInclude.Include.NON_NULL) Ssh ssh,
        @JsonInclude(JsonInclude.Include.NON_NULL) JobNetwork network,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonAlias("resource_group_id") String resourceGroupId,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonAlias("docker_image") String dockerImage,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonAlias("space_id") String spaceId) {

    /** The flavor a job gets when none is asked for. */
    public static final String DEFAULT_FLAVOR = "cpu-basic";
    /** The label that holds a job's name (huggingface_hub 2.0's {@code name}). */
    public static final String NAME_LABEL = "name";

    /**
     * {@code expose}: the container ports served at {@code https://<job id>--<port>.hf.jobs}.
     *
     * @param ports in the order asked for, each 1 to 65535 when we validated them
     */
    public record Expose(List<Integer> ports) {
        public Expose {
            ports = Collections2.nonNullCopy(ports);
        }
    }

    /**
     * {@code ssh}: whether the container is reachable at {@code ssh://<job id>@ssh.hf.jobs}. A spec
     * only ever holds the enabled form: the reference never sends {@code false}.
     *
     * @param enabled true
     */
    public record Ssh(boolean enabled) {}

    public JobSpec {
        command = Collections2.listCopy(command);
        arguments = Collections2.listCopy(arguments);
        environment = Collections2.orderedCopy(environment);
        flavor = flavor == null || flavor.isEmpty() ? DEFAULT_FLAVOR : flavor;
        secrets = Collections2.orderedCopy(secrets);
        labels = Collections2.orderedCopy(labels);
        volumes = Collections2.listCopy(volumes);
        // Each optional part is normalized to "absent" exactly when the reference leaves it out.
        expose = expose == null || expose.ports().isEmpty() ? null : expose;
        ssh = ssh == null || !ssh.enabled() ? null : ssh;
        network = JobNetwork.orNull(network);
        resourceGroupId = resourceGroupId == null || resourceGroupId.isEmpty() ? null : resourceGroupId;
    }

    /** The image as the caller wrote it: a Docker reference, or the Space id. */
    @JsonIgnore
    public ImageRef image() {
        return dockerImage != null ? new ImageRef.Docker(dockerImage)
                : new ImageRef.Space(Objects.toString(spaceId, ""));
    }

    /** The time limit, when one was set. */
    public Optional<Long> timeout() {
        return Optional.ofNullable(timeoutSeconds);
    }

    /**
     * The job's name: its {@code name} label, given by the caller or derived by
     * {@link JobRequests#parseSubmit} as huggingface_hub does. Empty only for a spec read from
     * somewhere that set none (an older client on the Hub-compatible route, a Hub answer).
     */
    public Optional<String> name() {
        return Optional.ofNullable(labels.get(NAME_LABEL));
    }

    /** The exposed container ports, in order; empty when none. */
    public List<Integer> exposedPorts() {
        return expose == null ? List.of() : expose.ports();
    }

    /** Whether the container is reachable over SSH. */
    public boolean sshEnabled() {
        return ssh != null;
    }

    /** The resource group the job is created in, when one was asked for. */
    public Optional<String> resourceGroup() {
        return Optional.ofNullable(resourceGroupId);
    }

    /** The same spec with every secret value replaced by null: safe for answers, events and logs. */
    public JobSpec redacted() {
        return with(labels, SecretNames.namesOnly(secrets));
    }

    /** The same spec with more labels (added after the existing ones; same keys replaced). */
    public JobSpec withLabels(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(labels);
        all.putAll(more);
        return with(all, secrets);
    }

    /**
     * The same spec with more secrets, after the existing ones (same names replaced): the values of
     * a request's references, read just before the spec is posted. Such a spec holds values that no
     * answer, event or log may show: only {@link #redacted()} leaves the process.
     */
    public JobSpec withSecrets(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(secrets);
        all.putAll(more);
        return with(labels, all);
    }

    private JobSpec with(Map<String, String> newLabels, Map<String, String> newSecrets) {
        return new JobSpec(command, arguments, environment, flavor, newSecrets, timeoutSeconds, newLabels, volumes,
                expose, ssh, network, resourceGroupId, dockerImage, spaceId);
    }

    @Override
    public String toString() {
        return "JobSpec[image=" + image() + ", command=" + command + ", flavor=" + flavor + ", timeoutSeconds="
                + timeoutSeconds + ", environment=" + environment.keySet() + ", secrets=" + secrets.keySet()
                + ", labels=" + labels + ", volumes=" + volumes + ", expose=" + exposedPorts() + ", ssh="
                + sshEnabled() + ", network=" + network + ", resourceGroupId=" + resourceGroupId + "]";
    }
}
