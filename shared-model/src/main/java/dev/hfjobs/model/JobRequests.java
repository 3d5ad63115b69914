package dev.hfjobs.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a submit request, the body of {@code POST /jobs} and of a queue message, which uses the
 * names of huggingface_hub 2.0.0's {@code run_job}: {@code image}, {@code command}, {@code env},
 * {@code secrets}, {@code flavor}, {@code timeout}, {@code name}, {@code labels}, {@code volumes},
 * {@code expose}, {@code ssh}, {@code network_group}, {@code network_aliases},
 * {@code resource_group_id}, plus {@code namespace}. The spec built is the body run_job would post
 * for the same arguments, byte for byte, its default name included (see {@link JobSpec}).
 *
 * <p>Every problem is reported (field and rule), not only the first; unknown fields are problems too,
 * because a misspelt {@code timout} would otherwise run a paid job for the default 30 minutes.
 * Problems never quote a secret's value. Besides what the reference itself refuses (a {@code name}
 * together with a {@code name} label, aliases without a group), the rules its documentation states
 * but does not check are enforced, and so are this project's caps ({@link #MAX_LABELS},
 * {@link #MAX_EXPOSED_PORTS}, {@link #MAX_NETWORK_ALIASES}). The flavor's existence is not checked
 * here: only the hardware catalog knows the flavors.
 */
public final class JobRequests {
    /** Label keys starting with this are the project's own (tracking); callers cannot set them. */
    public static final String RESERVED_LABEL_PREFIX = "hfjobs-";
    /**
     * At most this many labels per job, not counting {@code name} (nor the project's tracking
     * labels, added later). The Hub documents no cap; 50 leaves room for any real use while a request
     * with thousands is refused before it is sent.
     */
    public static final int MAX_LABELS = 50;
    /** At most this many exposed ports per job: each is a public proxy route. */
    public static final int MAX_EXPOSED_PORTS = 16;
    /** At most this many network aliases per job. */
    public static final int MAX_NETWORK_ALIASES = 16;
    /** The fields of a submit request. */
    public static final Set<String> FIELDS = Set.of("image", "command", "env", "secrets", "flavor", "timeout", "name",
            "labels", "volumes", "expose", "ssh", "network_group", "network_aliases", "resource_group_id", "namespace");
    /** The fields a scheduled-job request has on top of a submit request's. */
    public static final Set<String> SCHEDULE_FIELDS = Set.of("schedule", "suspend", "concurrency");
    // create_scheduled_job has no such parameters.
    private static final Set<String> UNSCHEDULABLE_FIELDS = Set.of("ssh", "network_group", "network_aliases");

    private JobRequests() {}

    /**
     * Validates a submit request.
     *
     * @param body the parsed JSON body
     * @param extraFields fields the caller reads itself (e.g. {@code idempotencyKey} in a queue
     *     message); they are not reported as unknown
     * @return the request (its spec ready to post, name label included), or every problem found
     */
    public static Validated<SubmitRequest> parseSubmit(JsonNode body, Set<String> extraFields) {
        return parse(body, FIELDS, extraFields);
    }

    /**
     * Validates a scheduled-job request, the arguments of {@code create_scheduled_job}: a submit
     * request's fields except {@code ssh}, {@code network_group} and {@code network_aliases}, plus
     * {@code schedule} (required, see {@link Schedules}), {@code suspend} and {@code concurrency}
     * (optional booleans). The spec gets the same default name as a submitted job's. The problems of
     * every field are reported together.
     *
     * @param body the parsed JSON body
     * @return the request, or every problem found
     */
    public static Validated<ScheduledJobRequest> parseScheduled(JsonNode body) {
        Set<String> fields = new LinkedHashSet<>(FIELDS);
        fields.removeAll(UNSCHEDULABLE_FIELDS);
        Validated<SubmitRequest> submit = parse(body, Set.copyOf(fields), SCHEDULE_FIELDS);
        Problems problems = new Problems();
        if (submit instanceof Validated.Invalid<SubmitRequest> invalid) {
            problems.addAll(invalid.problems());
        }
        if (body == null || !body.isObject()) {
            return problems.result(null);
        }
        ScheduleParts parts = ScheduleParts.read(body, problems);
        if (!problems.isEmpty()) {
            return problems.result(null);
        }
        return submit.map(parts::request);
    }

    private static Validated<SubmitRequest> parse(JsonNode body, Set<String> fields, Set<String> extraFields) {
        if (body == null || !body.isObject()) {
            return new Validated.Invalid<>(List.of(new Problem("$", "must be a JSON object")));
        }
        Problems problems = new Problems();
        unknownFields(body, fields, extraFields, problems);
        // Fields outside the set were refused above; reading them again would only repeat the problem.
        JsonNode known = only(body, fields);
        SecretRefs.Read secrets = SecretRefs.read(known.get("secrets"), "secrets", problems);
        JobSpec spec = spec(known, secrets.values(), problems);
        String namespace = namespace(body.get("namespace"), problems);
        return problems.result(spec == null ? null : new SubmitRequest(spec, namespace, secrets.references()));
    }

    private static JsonNode only(JsonNode body, Set<String> fields) {
        ObjectNode known = Wire.object();
        body.properties().forEach(entry -> {
            if (fields.contains(entry.getKey())) {
                known.set(entry.getKey(), entry.getValue());
            }
        });
        return known;
    }

    /** The spec, or null when a problem was found. */
    private static JobSpec spec(JsonNode body, Map<String, String> secrets, Problems problems) {
        int before = problems.size();
        String image = SpecFields.image(body.get("image"), "image", problems);
        List<String> command = SpecFields.command(body.get("command"), "command", problems);
        Map<String, String> env = SpecFields.variables(body.get("env"), "env", problems, false);
        String flavor = SpecFields.flavor(body.get("flavor"), "flavor", problems);
        Long timeout = timeout(body.get("timeout"), problems);
        Map<String, String> labels = SpecFields.labels(body.get("labels"), "labels", problems, false);
        Optional<String> name = name(body, problems);
        List<Volume> volumes = Volumes.read(body.get("volumes"), "volumes", problems);
        List<Integer> ports = SpecFields.ports(body.get("expose"), "expose", problems);
        boolean ssh = SpecFields.flag(body.get("ssh"), "ssh", problems);
        JobNetwork network = network(body, problems);
        String resourceGroupId = SpecFields.resourceGroupId(body.get("resource_group_id"), "resource_group_id",
                problems);
        if (problems.size() > before) {
            return null;
        }
        ImageRef ref = ImageRef.classify(image);
        return new JobSpec(command, List.of(), env, flavor, secrets, timeout, named(labels, name, image, command),
                volumes, new JobSpec.Expose(ports), new JobSpec.Ssh(ssh), network, resourceGroupId,
                ref instanceof ImageRef.Docker docker ? docker.reference() : null,
                ref instanceof ImageRef.Space space ? space.spaceId() : null);
    }

    /**
     * The labels as run_job sends them: the caller's, then {@code name} (given, or derived when the
     * labels hold no {@code name} either).
     */
    private static Map<String, String> named(Map<String, String> labels, Optional<String> name, String image,
            List<String> command) {
        if (name.isEmpty() && labels.containsKey(JobSpec.NAME_LABEL)) {
            return labels;
        }
        Map<String, String> all = new LinkedHashMap<>(labels);
        all.put(JobSpec.NAME_LABEL, name.orElseGet(() -> DefaultJobName.fromImage(image, command)));
        return all;
    }

    private static Optional<String> name(JsonNode body, Problems problems) {
        JsonNode node = body.get("name");
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        JsonNode labels = body.get("labels");
        if (labels != null && labels.isObject() && labels.has(JobSpec.NAME_LABEL)) {
            problems.add("name", "cannot be given together with a 'name' key in labels: give one or the other");
            return Optional.empty();
        }
        return SpecFields.name(node, "name", problems);
    }

    private static JobNetwork network(JsonNode body, Problems problems) {
        JsonNode groupNode = body.get("network_group");
        String group = SpecFields.networkGroup(groupNode, "network_group", problems);
        List<String> aliases = SpecFields.aliases(body.get("network_aliases"), "network_aliases", problems);
        if (!aliases.isEmpty() && (groupNode == null || groupNode.isNull())) {
            problems.add("network_aliases", "requires network_group: aliases are claimed inside a network group");
        }
        return group == null ? null : new JobNetwork(group, aliases);
    }

    private static Long timeout(JsonNode node, Problems problems) {
        return switch (Timeouts.seconds(node, "timeout")) {
            case Validated.Valid<Optional<Long>> valid -> valid.value().orElse(null);
            case Validated.Invalid<Optional<Long>> invalid -> {
                problems.addAll(invalid.problems());
                yield null;
            }
        };
    }

    private static void unknownFields(JsonNode body, Set<String> fields, Set<String> extraFields, Problems problems) {
        Set<String> allowed = new LinkedHashSet<>(fields);
        allowed.addAll(extraFields);
        body.fieldNames().forEachRemaining(name -> {
            if (UNSCHEDULABLE_FIELDS.contains(name) && !allowed.contains(name)) {
                problems.add(name, "is not a field of a scheduled job: create_scheduled_job takes no ssh, "
                        + "network_group or network_aliases");
            } else if (!allowed.contains(name)) {
                problems.add(Fields.printable(name), "is not a known field (known: " + String.join(", ",
                        allowed.stream().sorted().toList()) + ")");
            }
        });
    }

    private static String namespace(JsonNode node, Problems problems) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || !Identifiers.isNamespace(node.textValue())) {
            problems.add("namespace", Identifiers.NAMESPACE_RULE);
            return null;
        }
        return node.textValue();
    }
}
