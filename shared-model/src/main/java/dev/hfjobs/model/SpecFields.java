package dev.hfjobs.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The value rules a job spec's parts follow, shared by both request shapes (run_job's names in
 * {@link JobRequests}, the Hub's camelCase in {@link WireSpecs}). Each reader takes the field's name
 * as the caller spelt it, reports its own problems, and treats JSON null as absent. Problems never
 * quote a secret's value.
 */
final class SpecFields {
    static final int MAX_TEXT = 65_536;
    static final int MAX_PORT = 65_535;
    static final int MAX_RESOURCE_GROUP_ID = 256;

    private static final Pattern ENV_NAME = Pattern.compile("[-._A-Za-z][-._A-Za-z0-9]{0,255}");
    private static final Pattern LABEL_KEY = Pattern.compile("[A-Za-z0-9_-]{1,100}");
    private static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9_-]{0,100}");
    // huggingface_hub: "Job names must match ^[a-zA-Z0-9._-]*$"; the '.' is only allowed in the name label.
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{0,100}");
    // What DefaultJobName derives from an image of up to 1024 characters: sanitized base, '-', 8 hex.
    private static final Pattern DERIVED_NAME = Pattern.compile("[A-Za-z0-9_-]{1,1024}-[0-9a-f]{8}");
    private static final Pattern FLAVOR = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern SPACE_ID = Pattern.compile("[A-Za-z0-9][\\w.-]{0,95}/[\\w.-]{1,96}");
    private static final Pattern IMAGE = Pattern.compile("[\\x21-\\x7e]{1,1024}");
    private static final Pattern NETWORK_GROUP = Pattern.compile("[a-z0-9-]{1,46}");
    private static final Pattern ALIAS = Pattern.compile("[a-z0-9-]{1,34}");

    static final String NAME_RULE = "must be a string of at most 100 letters, digits, '.', '-' or '_'";
    static final String IMAGE_RULE = "must be a Docker image reference: 1 to 1024 printable ASCII characters without"
            + " spaces";
    static final String SPACE_ID_RULE = "must be a Space id, owner/name";

    private SpecFields() {}

    /** run_job's {@code image}: a Docker reference, or a Space URL whose rest is owner/name. */
    static String image(JsonNode node, String field, Problems problems) {
        String image = imageText(node, field, problems, "must be a Docker image reference or a Space URL: 1 to 1024"
                + " printable ASCII characters without spaces");
        if (image != null && ImageRef.classify(image) instanceof ImageRef.Space space
                && !SPACE_ID.matcher(space.spaceId()).matches()) {
            problems.add(field, "names a Space but not as owner/name after the Space prefix");
            return null;
        }
        return image;
    }

    /** The wire's {@code dockerImage}. */
    static String dockerImage(JsonNode node, String field, Problems problems) {
        return imageText(node, field, problems, IMAGE_RULE);
    }

    private static String imageText(JsonNode node, String field, Problems problems, String rule) {
        String image = Fields.requiredText(node, field, problems);
        if (image != null && !IMAGE.matcher(image).matches()) {
            problems.add(field, rule);
            return null;
        }
        return image;
    }

    static String spaceId(JsonNode node, String field, Problems problems) {
        String id = Fields.requiredText(node, field, problems);
        if (id != null && !SPACE_ID.matcher(id).matches()) {
            problems.add(field, SPACE_ID_RULE);
            return null;
        }
        return id;
    }

    static List<String> command(JsonNode node, String field, Problems problems) {
        if (node == null || node.isNull()) {
            problems.add(field, "is required: a non-empty list of strings, e.g. [\"python\", \"train.py\"]");
            return List.of();
        }
        if (!node.isArray() || node.isEmpty()) {
            problems.add(field, "must be a non-empty list of strings, e.g. [\"python\", \"train.py\"]");
            return List.of();
        }
        List<String> command = strings(node, field, problems);
        if (!command.isEmpty() && command.getFirst().isBlank()) {
            problems.add(field + "[0]", "must name the program to run (not blank)");
        }
        return command;
    }

    /** An optional list of strings (the wire spec's {@code arguments}). */
    static List<String> arguments(JsonNode node, String field, Problems problems) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            problems.add(field, "must be a list of strings");
            return List.of();
        }
        return strings(node, field, problems);
    }

    private static List<String> strings(JsonNode array, String field, Problems problems) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            Fields.text(array.get(i), field + "[" + i + "]", problems, MAX_TEXT).ifPresent(values::add);
        }
        return values;
    }

    static Map<String, String> variables(JsonNode node, String field, Problems problems, boolean secret) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            problems.add(field, "must be an object of variable names to string values");
            return Map.of();
        }
        Map<String, String> values = new LinkedHashMap<>();
        node.properties().forEach(entry -> {
            String name = entry.getKey();
            String path = field + "." + Fields.printable(name);
            variableName(name, path, problems);
            JsonNode value = entry.getValue();
            if (!value.isTextual()) {
                problems.add(path, "must be a string" + (secret ? "" : " (quote numbers and booleans)"));
            } else if (!Fields.isSendable(value.textValue()) || value.textValue().length() > MAX_TEXT) {
                problems.add(path, "must be at most " + MAX_TEXT + " characters, without NUL characters or unpaired "
                        + "UTF-16 surrogates");
            } else {
                values.put(name, value.textValue());
            }
        });
        return values;
    }

    /** Reports a name that cannot be an environment variable's (env, secrets). */
    static void variableName(String name, String path, Problems problems) {
        if (!ENV_NAME.matcher(name).matches()) {
            problems.add(path, "is not a valid variable name: 1 to 256 letters, digits, '_', '-' or '.', "
                    + "not starting with a digit");
        }
    }

    static String flavor(JsonNode node, String field, Problems problems) {
        if (node == null || node.isNull()) {
            return JobSpec.DEFAULT_FLAVOR;
        }
        if (!node.isTextual() || !FLAVOR.matcher(node.textValue()).matches()) {
            problems.add(field, "must be a hardware flavor name such as \"cpu-basic\" or \"a10g-small\" "
                    + "(lowercase letters, digits and '-')");
            return null;
        }
        return node.textValue();
    }

    /** The wire's {@code timeoutSeconds}: what run_job computed, always a whole number. */
    static Long timeoutSeconds(JsonNode node, String field, Problems problems) {
        if (node == null || node.isNull()) {
            return null;
        }
        BigInteger max = BigInteger.valueOf(Timeouts.MAX_SECONDS);
        if (!node.isIntegralNumber() || node.bigIntegerValue().signum() <= 0
                || node.bigIntegerValue().compareTo(max) > 0) {
            problems.add(field, "must be a whole number of seconds from 1 to " + Timeouts.MAX_SECONDS);
            return null;
        }
        return node.longValue();
    }

    /**
     * Labels: at most {@link JobRequests#MAX_LABELS} besides {@code name}, keys and values of letters,
     * digits, '-' and '_', keys not {@code hfjobs-}. The {@code name} label follows the name rule,
     * widened to huggingface_hub's derived names when {@code derivedName} (on the wire, a default name
     * cannot be told from a given one).
     */
    static Map<String, String> labels(JsonNode node, String field, Problems problems, boolean derivedName) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            problems.add(field, "must be an object of label keys to string values");
            return Map.of();
        }
        int count = node.size() - (node.has(JobSpec.NAME_LABEL) ? 1 : 0);
        if (count > JobRequests.MAX_LABELS) {
            problems.add(field, "has " + count + " labels: at most " + JobRequests.MAX_LABELS + " per job (not "
                    + "counting name)");
            return Map.of();
        }
        Map<String, String> labels = new LinkedHashMap<>();
        node.properties().forEach(entry -> label(entry.getKey(), entry.getValue(), field, problems, derivedName)
                .ifPresent(value -> labels.put(entry.getKey(), value)));
        return labels;
    }

    private static Optional<String> label(String key, JsonNode value, String field, Problems problems,
            boolean derivedName) {
        String path = field + "." + Fields.printable(key);
        if (key.equals(JobSpec.NAME_LABEL)) {
            return derivedName ? wireName(value, path, problems) : name(value, path, problems);
        }
        boolean ok = true;
        if (!LABEL_KEY.matcher(key).matches()) {
            problems.add(path, "key must be 1 to 100 letters, digits, '-' or '_'");
            ok = false;
        } else if (key.startsWith(JobRequests.RESERVED_LABEL_PREFIX)) {
            problems.add(path, "keys starting with '" + JobRequests.RESERVED_LABEL_PREFIX + "' are reserved for tracking");
            ok = false;
        }
        if (!value.isTextual() || !LABEL_VALUE.matcher(value.textValue()).matches()) {
            problems.add(path, "value must be a string of at most 100 letters, digits, '-' or '_'");
            ok = false;
        }
        return ok ? Optional.of(value.textValue()) : Optional.empty();
    }

    /** A name the caller gives: run_job's {@code name}, or a {@code name} label. */
    static Optional<String> name(JsonNode node, String field, Problems problems) {
        if (!node.isTextual() || !NAME.matcher(node.textValue()).matches()) {
            problems.add(field, NAME_RULE);
            return Optional.empty();
        }
        return Optional.of(node.textValue());
    }

    private static Optional<String> wireName(JsonNode node, String field, Problems problems) {
        if (node.isTextual() && DERIVED_NAME.matcher(node.textValue()).matches()) {
            return Optional.of(node.textValue());
        }
        if (!node.isTextual() || !NAME.matcher(node.textValue()).matches()) {
            problems.add(field, NAME_RULE + ", or a default name as huggingface_hub derives it (letters, digits, "
                    + "'-' or '_', then '-' and 8 hexadecimal digits)");
            return Optional.empty();
        }
        return Optional.of(node.textValue());
    }

    /** Ports to expose: whole numbers 1 to 65535, each once, at most {@link JobRequests#MAX_EXPOSED_PORTS}. */
    static List<Integer> ports(JsonNode node, String field, Problems problems) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            problems.add(field, "must be a list of port numbers, e.g. [8000]");
            return List.of();
        }
        if (node.size() > JobRequests.MAX_EXPOSED_PORTS) {
            problems.add(field, "lists " + node.size() + " ports: at most " + JobRequests.MAX_EXPOSED_PORTS
                    + " per job");
            return List.of();
        }
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            port(node.get(i), field + "[" + i + "]", ports, problems);
        }
        return ports;
    }

    private static void port(JsonNode node, String field, List<Integer> ports, Problems problems) {
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 1
                || node.intValue() > MAX_PORT) {
            problems.add(field, "must be a whole number from 1 to " + MAX_PORT + " (a JSON number, not a string)");
        } else if (ports.contains(node.intValue())) {
            problems.add(field, "repeats port " + node.intValue() + ": list each port once");
        } else {
            ports.add(node.intValue());
        }
    }

    static boolean flag(JsonNode node, String field, Problems problems) {
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            problems.add(field, "must be true or false (a JSON boolean, not a string)");
            return false;
        }
        return node.booleanValue();
    }

    static String networkGroup(JsonNode node, String field, Problems problems) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || !NETWORK_GROUP.matcher(node.textValue()).matches()) {
            problems.add(field, "must be 1 to 46 lowercase letters, digits or '-'");
            return null;
        }
        return node.textValue();
    }

    /** Aliases: 1 to 34 of [a-z0-9-] each, unique, at most {@link JobRequests#MAX_NETWORK_ALIASES}. */
    static List<String> aliases(JsonNode node, String field, Problems problems) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            problems.add(field, "must be a list of aliases, e.g. [\"master\"]");
            return List.of();
        }
        if (node.size() > JobRequests.MAX_NETWORK_ALIASES) {
            problems.add(field, "lists " + node.size() + " aliases: at most " + JobRequests.MAX_NETWORK_ALIASES
                    + " per job");
            return List.of();
        }
        List<String> aliases = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode alias = node.get(i);
            String at = field + "[" + i + "]";
            if (!alias.isTextual() || !ALIAS.matcher(alias.textValue()).matches()) {
                problems.add(at, "must be 1 to 34 lowercase letters, digits or '-'");
            } else if (!seen.add(alias.textValue())) {
                problems.add(at, "repeats the alias '" + alias.textValue() + "': each alias once per job");
            } else {
                aliases.add(alias.textValue());
            }
        }
        return aliases;
    }

    static String resourceGroupId(JsonNode node, String field, Problems problems) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || node.textValue().isBlank() || node.textValue().length() > MAX_RESOURCE_GROUP_ID
                || node.textValue().chars().anyMatch(Character::isISOControl)
                || !Fields.isWellFormed(node.textValue())) {
            problems.add(field, "must be a non-empty string of at most " + MAX_RESOURCE_GROUP_ID
                    + " characters without control characters");
            return null;
        }
        return node.textValue();
    }

    /** Reports every key of an object that is not one of {@code keys}, naming the known ones. */
    static void onlyKeys(JsonNode object, String field, Set<String> keys, Problems problems) {
        object.fieldNames().forEachRemaining(key -> {
            if (!keys.contains(key)) {
                problems.add(at(field, Fields.printable(key)), "is not a known field (known: "
                        + String.join(", ", keys.stream().sorted().toList()) + ")");
            }
        });
    }

    /** The path of {@code key} inside {@code parent} ({@code ""} for the top level). */
    static String at(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }
}
