package dev.hfjobs.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a submit request, the body of {@code POST /jobs} and of a queue message, which uses the
 * names of huggingface_hub's {@code run_job}: {@code image}, {@code command}, {@code env},
 * {@code secrets}, {@code flavor}, {@code timeout}, {@code labels}, {@code volumes}, plus
 * {@code namespace}. Every problem is reported (field and rule), not only the first; unknown fields
 * are problems too, because a misspelt {@code timout} would otherwise run a paid job for the
 * default 30 minutes. Problems never quote a secret's value.
 */
public final class JobRequests {
    /** Label keys starting with this are the project's own (tracking); callers cannot set them. */
    public static final String RESERVED_LABEL_PREFIX = "hfjobs-";
    /** The fields of a submit request. */
    public static final Set<String> FIELDS =
            Set.of("image", "command", "env", "secrets", "flavor", "timeout", "labels", "volumes", "namespace");
    /** The fields a scheduled-job request has on top of a submit request's. */
    public static final Set<String> SCHEDULE_FIELDS = Set.of("schedule", "suspend", "concurrency");

    private static final Pattern ENV_NAME = Pattern.compile("[-._A-Za-z][-._A-Za-z0-9]{0,255}");
    private static final Pattern LABEL_KEY = Pattern.compile("[A-Za-z0-9_-]{1,100}");
    private static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9_-]{0,100}");
    private static final Pattern FLAVOR = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern SPACE_ID = Pattern.compile("[A-Za-z0-9][\\w.-]{0,95}/[\\w.-]{1,96}");
    private static final Pattern IMAGE = Pattern.compile("[\\x21-\\x7e]{1,1024}");
    private static final int MAX_TEXT = 65_536;

    private JobRequests() {}

    /**
     * Validates a submit request.
     *
     * @param body the parsed JSON body
     * @param extraFields fields the caller reads itself (e.g. {@code idempotencyKey} in a queue
     *     message, {@code schedule} for a scheduled job); they are not reported as unknown
     * @return the request, or every problem found
     */
    public static Validated<SubmitRequest> parseSubmit(JsonNode body, Set<String> extraFields) {
        if (body == null || !body.isObject()) {
            return new Validated.Invalid<>(List.of(new Problem("$", "must be a JSON object")));
        }
        Problems problems = new Problems();
        unknownFields(body, extraFields, problems);
        String image = image(body.get("image"), problems);
        List<String> command = command(body.get("command"), problems);
        Map<String, String> env = variables(body.get("env"), "env", problems, false);
        Map<String, String> secrets = variables(body.get("secrets"), "secrets", problems, true);
        String flavor = flavor(body.get("flavor"), problems);
        Long timeout = timeout(body.get("timeout"), problems);
        Map<String, String> labels = labels(body.get("labels"), problems);
        List<Volume> volumes = Volumes.read(body.get("volumes"), problems);
        String namespace = namespace(body.get("namespace"), problems);
        if (!problems.isEmpty()) {
            return problems.result(null);
        }
        ImageRef ref = ImageRef.classify(image);
        String dockerImage = ref instanceof ImageRef.Docker docker ? docker.reference() : null;
        String spaceId = ref instanceof ImageRef.Space space ? space.spaceId() : null;
        JobSpec spec = new JobSpec(command, List.of(), env, flavor, secrets, timeout, labels, volumes, dockerImage,
                spaceId);
        return new Validated.Valid<>(new SubmitRequest(spec, namespace));
    }

    /**
     * Validates a scheduled-job request: a submit request's fields plus {@code schedule} (required,
     * see {@link Schedules}), {@code suspend} and {@code concurrency} (optional booleans). The
     * problems of every field are reported together.
     *
     * @param body the parsed JSON body
     * @return the request, or every problem found
     */
    public static Validated<ScheduledJobRequest> parseScheduled(JsonNode body) {
        Validated<SubmitRequest> submit = parseSubmit(body, SCHEDULE_FIELDS);
        Problems problems = new Problems();
        if (submit instanceof Validated.Invalid<SubmitRequest> invalid) {
            problems.addAll(invalid.problems());
        }
        if (body == null || !body.isObject()) {
            return problems.result(null);
        }
        String schedule = schedule(body.get("schedule"), problems);
        Boolean suspend = flag(body.get("suspend"), "suspend", problems);
        Boolean concurrency = flag(body.get("concurrency"), "concurrency", problems);
        if (!problems.isEmpty()) {
            return problems.result(null);
        }
        return submit.map(request -> new ScheduledJobRequest(request, schedule, suspend, concurrency));
    }

    private static String schedule(JsonNode node, Problems problems) {
        if (node == null || node.isNull()) {
            problems.add(Schedules.FIELD, "is required: " + Schedules.RULE);
            return null;
        }
        if (!node.isTextual()) {
            problems.add(Schedules.FIELD, "must be a string: " + Schedules.RULE);
            return null;
        }
        return switch (Schedules.validate(node.textValue())) {
            case Validated.Valid<String> valid -> valid.value();
            case Validated.Invalid<String> invalid -> {
                problems.addAll(invalid.problems());
                yield null;
            }
        };
    }

    private static Boolean flag(JsonNode node, String field, Problems problems) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            problems.add(field, "must be true or false (a JSON boolean, not a string)");
            return null;
        }
        return node.booleanValue();
    }

    private static void unknownFields(JsonNode body, Set<String> extraFields, Problems problems) {
        Set<String> allowed = new LinkedHashSet<>(FIELDS);
        allowed.addAll(extraFields);
        body.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                problems.add(Fields.printable(name), "is not a known field (known: " + String.join(", ",
                        allowed.stream().sorted().toList()) + ")");
            }
        });
    }

    private static String image(JsonNode node, Problems problems) {
        String image = Fields.requiredText(node, "image", problems);
        if (image == null) {
            return null;
        }
        if (!IMAGE.matcher(image).matches()) {
            problems.add("image", "must be a Docker image reference or a Space URL: 1 to 1024 printable characters"
                    + " without spaces");
            return null;
        }
        if (ImageRef.classify(image) instanceof ImageRef.Space space && !SPACE_ID.matcher(space.spaceId()).matches()) {
            problems.add("image", "names a Space but not as owner/name after the Space prefix");
            return null;
        }
        return image;
    }

    private static List<String> command(JsonNode node, Problems problems) {
        if (node == null || node.isNull()) {
            problems.add("command", "is required: a non-empty list of strings, e.g. [\"python\", \"train.py\"]");
            return List.of();
        }
        if (!node.isArray() || node.isEmpty()) {
            problems.add("command", "must be a non-empty list of strings, e.g. [\"python\", \"train.py\"]");
            return List.of();
        }
        List<String> command = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            Fields.text(node.get(i), "command[" + i + "]", problems, MAX_TEXT).ifPresent(command::add);
        }
        if (!command.isEmpty() && command.getFirst().isBlank()) {
            problems.add("command[0]", "must name the program to run (not blank)");
        }
        return command;
    }

    private static Map<String, String> variables(JsonNode node, String field, Problems problems, boolean secret) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            problems.add(field, "must be an object of variable names to string values");
            return Map.of();
        }
        Map<String, String> values = new LinkedHashMap<>();
        node.fields().forEachRemaining(entry -> {
            String name = entry.getKey();
            String path = field + "." + Fields.printable(name);
            if (!ENV_NAME.matcher(name).matches()) {
                problems.add(path, "is not a valid variable name: 1 to 256 letters, digits, '_', '-' or '.', "
                        + "not starting with a digit");
            }
            JsonNode value = entry.getValue();
            if (!value.isTextual()) {
                problems.add(path, "must be a string" + (secret ? "" : " (quote numbers and booleans)"));
            } else if (Fields.hasNul(value.textValue()) || value.textValue().length() > MAX_TEXT) {
                problems.add(path, "must be at most " + MAX_TEXT + " characters without NUL characters");
            } else {
                values.put(name, value.textValue());
            }
        });
        return values;
    }

    private static String flavor(JsonNode node, Problems problems) {
        if (node == null || node.isNull()) {
            return JobSpec.DEFAULT_FLAVOR;
        }
        if (!node.isTextual() || !FLAVOR.matcher(node.textValue()).matches()) {
            problems.add("flavor", "must be a hardware flavor name such as \"cpu-basic\" or \"a10g-small\" "
                    + "(lowercase letters, digits and '-')");
            return null;
        }
        return node.textValue();
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

    private static Map<String, String> labels(JsonNode node, Problems problems) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            problems.add("labels", "must be an object of label keys to string values");
            return Map.of();
        }
        Map<String, String> labels = new LinkedHashMap<>();
        node.fields().forEachRemaining(entry -> label(entry.getKey(), entry.getValue(), problems)
                .ifPresent(value -> labels.put(entry.getKey(), value)));
        return labels;
    }

    private static Optional<String> label(String key, JsonNode value, Problems problems) {
        String path = "labels." + Fields.printable(key);
        boolean ok = true;
        if (!LABEL_KEY.matcher(key).matches()) {
            problems.add(path, "key must be 1 to 100 letters, digits, '-' or '_'");
            ok = false;
        } else if (key.startsWith(RESERVED_LABEL_PREFIX)) {
            problems.add(path, "keys starting with '" + RESERVED_LABEL_PREFIX + "' are reserved for tracking");
            ok = false;
        }
        if (!value.isTextual() || !LABEL_VALUE.matcher(value.textValue()).matches()) {
            problems.add(path, "value must be a string of at most 100 letters, digits, '-' or '_'");
            ok = false;
        }
        return ok ? Optional.of(value.textValue()) : Optional.empty();
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
