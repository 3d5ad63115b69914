package dev.hfjobs.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Validates a job spec the way the Hub does, collecting every problem: a non-empty string command,
 * exactly one image, a flavor of the current catalog, a positive integer timeout, string-valued
 * environment and secrets, well-formed labels and volumes, and the 2.0 fields (see
 * {@link NetworkFields}).
 */
final class JobSpecParser {

    /** Jobs stop after 30 minutes unless the spec says otherwise. */
    static final long DEFAULT_TIMEOUT_SECONDS = 30 * 60;

    private static final Pattern LABEL_KEY = Pattern.compile("[A-Za-z0-9_-]{1,100}");
    private static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9_-]{0,100}");
    /**
     * The {@code name} label follows the Hub's rule for job names, {@code ^[a-zA-Z0-9._-]*$}
     * (huggingface_hub's {@code _sanitize_job_name}): dots allowed, and no length limit is known,
     * while default names grow with the image's name.
     */
    private static final Pattern NAME_VALUE = Pattern.compile("[A-Za-z0-9._-]*");
    static final String NAME_LABEL = "name";
    private static final List<String> VOLUME_TYPES = List.of("bucket", "model", "dataset", "space");

    private final Set<String> flavors;

    JobSpecParser(Set<String> flavors) {
        this.flavors = Set.copyOf(flavors);
    }

    /** @return the spec read from a request body, or every problem with it */
    Validated<JobSpec> parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            return Validated.invalid("the job spec must be a JSON object");
        }
        Reading reading = new Reading(body);
        JobSpec spec = reading.spec(flavors);
        return Validated.of(spec, reading.problems);
    }

    /** @return the labels of a {@code {"labels": {...}}} update body, or every problem with them */
    static Validated<Map<String, String>> parseLabels(JsonNode body) {
        if (body == null || !body.path("labels").isObject()) {
            return Validated.invalid("the body must be {\"labels\": {...}}");
        }
        Reading reading = new Reading(body);
        return Validated.of(reading.labels(body.path("labels")), reading.problems);
    }

    /** Reads one spec, noting problems as it goes and using harmless defaults in their place. */
    private static final class Reading {

        private final JsonNode body;
        private final List<String> problems = new ArrayList<>();

        Reading(JsonNode body) {
            this.body = body;
        }

        JobSpec spec(Set<String> flavors) {
            NetworkFields newer = new NetworkFields(body, problems);
            return new JobSpec(image(), strings("command", true), strings("arguments", false), stringMap("environment"),
                    List.copyOf(stringMap("secrets").keySet()), flavor(flavors), timeout(),
                    labels(body.path("labels")), volumes(), newer.exposure(), newer.placement());
        }

        private List<String> strings(String field, boolean nonEmpty) {
            JsonNode node = body.path(field);
            List<String> values = new ArrayList<>();
            node.forEach(item -> values.add(item.isTextual() ? item.asText() : null));
            boolean valid = absent(node) ? !nonEmpty : node.isArray() && !values.contains(null);
            if (!valid || nonEmpty && values.isEmpty()) {
                problems.add(field + (nonEmpty ? " must be a non-empty list of strings" : " must be a list of strings"));
                return List.of();
            }
            return values;
        }

        private Image image() {
            Optional<String> docker = text("dockerImage");
            Optional<String> space = text("spaceId");
            if (docker.isPresent() == space.isPresent()) {
                problems.add("exactly one of dockerImage or spaceId must be a non-empty string");
                return new Image.Docker("");
            }
            return docker.<Image>map(Image.Docker::new).orElseGet(() -> new Image.Space(space.orElseThrow()));
        }

        private Optional<String> text(String field) {
            JsonNode node = body.path(field);
            return node.isTextual() && !node.asText().isBlank() ? Optional.of(node.asText()) : Optional.empty();
        }

        private Map<String, String> stringMap(String field) {
            JsonNode node = body.path(field);
            Map<String, String> values = new LinkedHashMap<>();
            if (absent(node)) {
                return values;
            }
            if (!node.isObject()) {
                problems.add(field + " must be an object of strings");
                return values;
            }
            node.properties().forEach(entry -> {
                if (entry.getValue().isTextual()) {
                    values.put(entry.getKey(), entry.getValue().asText());
                } else {
                    problems.add(field + "." + entry.getKey() + " must be a string");
                }
            });
            return values;
        }

        private String flavor(Set<String> flavors) {
            JsonNode node = body.path("flavor");
            String flavor = absent(node) ? "cpu-basic" : node.isTextual() ? node.asText() : node.toString();
            if (!flavors.contains(flavor)) {
                problems.add("flavor '" + flavor + "' is not available; see GET /api/jobs/hardware");
            }
            return flavor;
        }

        private long timeout() {
            JsonNode node = body.path("timeoutSeconds");
            if (absent(node)) {
                return DEFAULT_TIMEOUT_SECONDS;
            }
            if (!node.canConvertToExactIntegral() || !node.canConvertToLong() || node.asLong() <= 0) {
                problems.add("timeoutSeconds must be a positive integer");
                return DEFAULT_TIMEOUT_SECONDS;
            }
            return node.asLong();
        }

        Map<String, String> labels(JsonNode node) {
            Map<String, String> labels = new LinkedHashMap<>();
            if (absent(node)) {
                return labels;
            }
            if (!node.isObject()) {
                problems.add("labels must be an object of strings");
                return labels;
            }
            node.properties().forEach(entry -> label(entry.getKey(), entry.getValue(), labels));
            return labels;
        }

        private void label(String key, JsonNode value, Map<String, String> into) {
            if (!LABEL_KEY.matcher(key).matches()) {
                problems.add("label key '" + key + "' must be 1 to 100 letters, digits, '-' or '_'");
            } else if (!(value.isTextual() && (key.equals(NAME_LABEL) ? NAME_VALUE : LABEL_VALUE)
                    .matcher(value.asText()).matches())) {
                problems.add(key.equals(NAME_LABEL) ? "label 'name' must be letters, digits, '.', '-' or '_'"
                        : "label '" + key + "' must have a value of at most 100 letters, digits, '-' or '_'");
            } else {
                into.put(key, value.asText());
            }
        }

        private List<JsonNode> volumes() {
            JsonNode node = body.path("volumes");
            if (absent(node)) {
                return List.of();
            }
            if (!node.isArray()) {
                problems.add("volumes must be a list");
                return List.of();
            }
            List<JsonNode> volumes = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                volume("volumes[" + i + "]", node.get(i));
                volumes.add(node.get(i));
            }
            return volumes;
        }

        private void volume(String where, JsonNode volume) {
            if (!volume.isObject()) {
                problems.add(where + " must be an object");
                return;
            }
            if (!VOLUME_TYPES.contains(volume.path("type").asText())) {
                problems.add(where + ".type must be one of " + String.join(", ", VOLUME_TYPES));
            }
            if (!volume.path("source").isTextual() || volume.path("source").asText().isBlank()) {
                problems.add(where + ".source must be a non-empty string");
            }
            if (!volume.path("mountPath").isTextual() || !volume.path("mountPath").asText().startsWith("/")) {
                problems.add(where + ".mountPath must be an absolute path");
            }
            optionalVolumeField(where, volume, "revision", JsonNode::isTextual, "a string");
            optionalVolumeField(where, volume, "path", JsonNode::isTextual, "a string");
            optionalVolumeField(where, volume, "readOnly", JsonNode::isBoolean, "a boolean");
        }

        private void optionalVolumeField(String where, JsonNode volume, String field,
                                         Predicate<JsonNode> valid, String kind) {
            JsonNode node = volume.path(field);
            if (!absent(node) && !valid.test(node)) {
                problems.add(where + "." + field + " must be " + kind);
            }
        }

        private static boolean absent(JsonNode node) {
            return node.isMissingNode() || node.isNull();
        }
    }
}
