package dev.hfjobs.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the Hub's own request bodies, as huggingface_hub and the {@code hf} CLI send them to the
 * Hub-compatible routes: the job spec of {@code POST /api/jobs/{namespace}} (camelCase:
 * {@code command}, {@code arguments}, {@code environment}, {@code secrets}, {@code flavor},
 * {@code timeoutSeconds}, {@code labels}, {@code volumes}, {@code expose: {ports}},
 * {@code ssh: {enabled}}, {@code network: {group, aliases}}, {@code resourceGroupId}, and one of
 * {@code dockerImage} or {@code spaceId}) and the body of {@code POST /api/scheduled-jobs/{namespace}}
 * ({@code {"jobSpec", "schedule", "concurrency"?, "suspend"?}}).
 *
 * <p>Validated as strictly as a run_job-style request ({@link JobRequests}): the same rules, every
 * problem reported and named by its wire field (e.g. {@code expose.ports[0]},
 * {@code jobSpec.network.group}), and unknown fields refused at every level, so that a typo never
 * runs a paid job on defaults. One difference: the {@code name} label may also have the shape of a
 * default name derived from a long image (over 100 characters), since the client derived it and a
 * given name cannot be told from a derived one here. No default name is added: the client has already
 * put one in the labels. The spec produced re-serializes ({@link Wire#write}) to the bytes received
 * for every body huggingface_hub 2.0.0 builds.
 */
public final class WireSpecs {
    private static final Set<String> JOB_SPEC_FIELDS = Set.of("command", "arguments", "environment", "secrets", "flavor",
            "timeoutSeconds", "labels", "volumes", "expose", "ssh", "network", "resourceGroupId", "dockerImage",
            "spaceId");
    private static final Set<String> SCHEDULED_JOB_FIELDS = Set.of("jobSpec", "schedule", "concurrency", "suspend");
    // create_scheduled_job never sends these: whether the Hub honours them for scheduled jobs is unknown.
    private static final Set<String> UNSCHEDULABLE_FIELDS = Set.of("ssh", "network");

    private static final String JOB_SPEC = "jobSpec";
    private static final Nested EXPOSE = new Nested(Set.of("ports"), "ports",
            "the ports to expose, e.g. {\"ports\": [8000]}");
    private static final Nested SSH = new Nested(Set.of("enabled"), "enabled",
            "whether SSH is on, e.g. {\"enabled\": true}");
    private static final Nested NETWORK = new Nested(Set.of("group", "aliases"), "group",
            "the group to join and its aliases, e.g. {\"group\": \"train\", \"aliases\": [\"master\"]}");

    /** The shape of an object inside the spec: its keys, the one it needs, and an example. */
    private record Nested(Set<String> keys, String required, String example) {}

    private WireSpecs() {}

    /**
     * Validates the body of {@code POST /api/jobs/{namespace}}.
     *
     * @param body the parsed JSON body
     * @return the spec, ready to post (tracking labels not yet added), or every problem found
     */
    public static Validated<JobSpec> parseJobSpec(JsonNode body) {
        if (body == null || !body.isObject()) {
            return new Validated.Invalid<>(List.of(new Problem("$", "must be a JSON object (a job spec)")));
        }
        Problems problems = new Problems();
        JobSpec spec = spec(body, "", JOB_SPEC_FIELDS, problems);
        return problems.result(spec);
    }

    /**
     * Validates the body of {@code POST /api/scheduled-jobs/{namespace}}: {@code jobSpec} (required;
     * a job spec without {@code ssh} or {@code network}), {@code schedule} (required, see
     * {@link Schedules}), {@code concurrency} and {@code suspend} (optional booleans).
     *
     * @param body the parsed JSON body
     * @return the request, whose namespace is left empty (it is in the path), or every problem found
     */
    public static Validated<ScheduledJobRequest> parseScheduledJob(JsonNode body) {
        if (body == null || !body.isObject()) {
            return new Validated.Invalid<>(List.of(new Problem("$", "must be a JSON object with jobSpec and "
                    + "schedule")));
        }
        Problems problems = new Problems();
        SpecFields.onlyKeys(body, "", SCHEDULED_JOB_FIELDS, problems);
        JobSpec spec = scheduledSpec(body.get(JOB_SPEC), problems);
        ScheduleParts parts = ScheduleParts.read(body, problems);
        return problems.result(spec == null ? null : parts.request(new SubmitRequest(spec, null)));
    }

    /**
     * Validates the body of {@code PUT /api/jobs/{namespace}/{id}/labels} (and of a scheduled job's):
     * {@code {"labels": {...}}}, the labels that replace the user's, under the rules of a job spec's
     * (keys starting {@code hfjobs-} are the project's own: refused).
     *
     * @return the labels, or every problem found
     */
    public static Validated<Map<String, String>> parseLabels(JsonNode body) {
        if (body == null || !body.isObject()) {
            return new Validated.Invalid<>(List.of(new Problem("$", "must be a JSON object: {\"labels\": {...}}")));
        }
        Problems problems = new Problems();
        SpecFields.onlyKeys(body, "", Set.of("labels"), problems);
        if (!body.has("labels") || !body.get("labels").isObject()) {
            problems.add("labels", "is required: an object of label keys to string values ({} clears them)");
            return problems.result(null);
        }
        return problems.result(SpecFields.labels(body.get("labels"), "labels", problems, true));
    }

    private static JobSpec scheduledSpec(JsonNode node, Problems problems) {
        if (node == null || node.isNull()) {
            problems.add(JOB_SPEC, "is required: the spec of the jobs the schedule starts");
            return null;
        }
        if (!node.isObject()) {
            problems.add(JOB_SPEC, "must be an object (a job spec)");
            return null;
        }
        Set<String> fields = new LinkedHashSet<>(JOB_SPEC_FIELDS);
        fields.removeAll(UNSCHEDULABLE_FIELDS);
        return spec(node, JOB_SPEC, fields, problems);
    }

    /** The spec at {@code path}, or null when a problem was found. */
    private static JobSpec spec(JsonNode body, String path, Set<String> fields, Problems problems) {
        int before = problems.size();
        unknownFields(body, path, fields, problems);
        List<String> command = SpecFields.command(body.get("command"), at(path, "command"), problems);
        List<String> arguments = SpecFields.arguments(body.get("arguments"), at(path, "arguments"), problems);
        Map<String, String> env = SpecFields.variables(body.get("environment"), at(path, "environment"), problems,
                false);
        Map<String, String> secrets = SpecFields.variables(body.get("secrets"), at(path, "secrets"), problems, true);
        String flavor = SpecFields.flavor(body.get("flavor"), at(path, "flavor"), problems);
        Long timeout = SpecFields.timeoutSeconds(body.get("timeoutSeconds"), at(path, "timeoutSeconds"), problems);
        Map<String, String> labels = SpecFields.labels(body.get("labels"), at(path, "labels"), problems, true);
        List<Volume> volumes = Volumes.read(body.get("volumes"), at(path, "volumes"), problems);
        List<Integer> ports = expose(field(body, fields, "expose"), at(path, "expose"), problems);
        boolean ssh = ssh(field(body, fields, "ssh"), at(path, "ssh"), problems);
        JobNetwork network = network(field(body, fields, "network"), at(path, "network"), problems);
        String resourceGroupId = SpecFields.resourceGroupId(body.get("resourceGroupId"), at(path, "resourceGroupId"),
                problems);
        ImageRef image = image(body, path, problems);
        if (problems.size() > before) {
            return null;
        }
        return new JobSpec(command, arguments, env, flavor, secrets, timeout, labels, volumes,
                new JobSpec.Expose(ports), new JobSpec.Ssh(ssh), network, resourceGroupId,
                image instanceof ImageRef.Docker docker ? docker.reference() : null,
                image instanceof ImageRef.Space space ? space.spaceId() : null);
    }

    private static void unknownFields(JsonNode body, String path, Set<String> fields, Problems problems) {
        String known = String.join(", ", fields.stream().sorted().toList());
        body.fieldNames().forEachRemaining(name -> {
            if (fields.contains(name)) {
                return;
            }
            problems.add(at(path, Fields.printable(name)), UNSCHEDULABLE_FIELDS.contains(name)
                    ? "is not a field of a scheduled job's spec: create_scheduled_job sends no ssh or network"
                    : "is not a known field (known: " + known + ")");
        });
    }

    /** A field's node when the spec takes it; null (absent) when it was refused as not taken. */
    private static JsonNode field(JsonNode body, Set<String> fields, String name) {
        return fields.contains(name) ? body.get(name) : null;
    }

    private static List<Integer> expose(JsonNode node, String path, Problems problems) {
        if (node == null || node.isNull() || !object(node, path, EXPOSE, problems)) {
            return List.of();
        }
        return SpecFields.ports(node.get("ports"), at(path, "ports"), problems);
    }

    private static boolean ssh(JsonNode node, String path, Problems problems) {
        if (node == null || node.isNull() || !object(node, path, SSH, problems)) {
            return false;
        }
        JsonNode enabled = node.get("enabled");
        if (!enabled.isBoolean()) {
            problems.add(at(path, "enabled"), "must be true or false (a JSON boolean, not a string)");
            return false;
        }
        return enabled.booleanValue();
    }

    private static JobNetwork network(JsonNode node, String path, Problems problems) {
        if (node == null || node.isNull() || !object(node, path, NETWORK, problems)) {
            return null;
        }
        String group = SpecFields.networkGroup(node.get("group"), at(path, "group"), problems);
        List<String> aliases = SpecFields.aliases(node.get("aliases"), at(path, "aliases"), problems);
        return group == null ? null : new JobNetwork(group, aliases);
    }

    /** Whether {@code node} has the {@code shape} expected at {@code path}; every problem is reported. */
    private static boolean object(JsonNode node, String path, Nested shape, Problems problems) {
        if (!node.isObject()) {
            problems.add(path, "must be an object with " + shape.example());
            return false;
        }
        int before = problems.size();
        SpecFields.onlyKeys(node, path, shape.keys(), problems);
        if (!node.hasNonNull(shape.required())) {
            problems.add(at(path, shape.required()), "is required: " + shape.example());
        }
        return problems.size() == before;
    }

    private static ImageRef image(JsonNode body, String path, Problems problems) {
        boolean docker = body.hasNonNull("dockerImage");
        boolean space = body.hasNonNull("spaceId");
        if (docker == space) {
            problems.add(at(path, "dockerImage"), docker ? "give dockerImage or spaceId, not both"
                    : "is required (or spaceId): the image the job runs");
            return null;
        }
        if (docker) {
            String reference = SpecFields.dockerImage(body.get("dockerImage"), at(path, "dockerImage"), problems);
            return reference == null ? null : new ImageRef.Docker(reference);
        }
        String id = SpecFields.spaceId(body.get("spaceId"), at(path, "spaceId"), problems);
        return id == null ? null : new ImageRef.Space(id);
    }

    private static String at(String path, String key) {
        return SpecFields.at(path, key);
    }
}
