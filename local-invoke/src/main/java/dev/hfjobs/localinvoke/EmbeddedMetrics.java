package dev.hfjobs.localinvoke;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What CloudWatch Logs makes of a function's log: the lines in the embedded metric format (EMF),
 * checked against the format's specification, and the metric values they hold. A line is an EMF
 * document when it is a JSON object with an {@code _aws} member; every other line is left alone, as
 * CloudWatch leaves it.
 *
 * <p>The rules checked: {@code _aws} is an object with a millisecond {@code Timestamp} (at most two weeks
 * old, at most two hours ahead) and a non-empty {@code CloudWatchMetrics} array, and no other member;
 * each directive has a {@code Namespace} (1 to 256 of {@code [a-zA-Z0-9._#:/-]}), {@code Dimensions}
 * (sets of at most 30 keys, each naming a root member whose value is a string of 1 to 1024 ASCII
 * characters) and 1 to 100 {@code Metrics}, each naming a root member whose value is a number or an
 * array of 1 to 100 numbers, with a CloudWatch unit if any; metric names are unique in a document,
 * and no name is both a metric and a dimension.
 */
public final class EmbeddedMetrics {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAMESPACE = Pattern.compile("[a-zA-Z0-9._#:/\\-]{1,256}");
    private static final Pattern ASCII = Pattern.compile("[\\x00-\\x7f]+");
    private static final Set<String> UNITS = Set.of("Seconds", "Microseconds", "Milliseconds", "Bytes",
            "Kilobytes", "Megabytes", "Gigabytes", "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits",
            "Terabits", "Percent", "Count", "Bytes/Second", "Kilobytes/Second", "Megabytes/Second",
            "Gigabytes/Second", "Terabytes/Second", "Bits/Second", "Kilobits/Second", "Megabits/Second",
            "Gigabits/Second", "Terabits/Second", "Count/Second", "None");
    private static final Set<String> AWS_MEMBERS = Set.of("Timestamp", "CloudWatchMetrics", "LogGroupName",
            "LogStreamName");
    private static final Set<String> DIRECTIVE_MEMBERS = Set.of("Namespace", "Dimensions", "Metrics");
    private static final Set<String> DEFINITION_MEMBERS = Set.of("Name", "Unit", "StorageResolution");
    private static final Duration MAX_AGE = Duration.ofDays(14);
    private static final Duration MAX_AHEAD = Duration.ofHours(2);

    private EmbeddedMetrics() {}

    /**
     * One metric value as CloudWatch keeps it.
     *
     * @param dimensions the dimension set's names and values; empty for a metric without dimensions
     * @param values the value, or the values of an array
     */
    public record Datum(String namespace, String name, String unit, Map<String, String> dimensions,
            List<Double> values) {
        /** The values added up. */
        public double sum() {
            return values.stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    /**
     * What a log holds.
     *
     * @param documents the EMF documents, in order
     * @param problems what breaks the specification, each naming its document's line
     * @param data the metric values of the documents without a problem
     */
    public record Reading(List<JsonNode> documents, List<String> problems, List<Datum> data) {}

    /** Reads every EMF line of {@code logs} (a function's output), checked at {@code now}. */
    public static Reading read(String logs, Instant now) {
        List<JsonNode> documents = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<Datum> data = new ArrayList<>();
        for (String line : logs.split("\n")) {
            JsonNode document = document(line.strip());
            if (document == null) {
                continue;
            }
            documents.add(document);
            List<String> found = problems(document, now);
            found.forEach(p -> problems.add(p + " in " + abbreviate(line)));
            if (found.isEmpty()) {
                data.addAll(data(document));
            }
        }
        return new Reading(documents, problems, data);
    }

    private static JsonNode document(String line) {
        if (!line.startsWith("{")) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(line);
            return node.isObject() && node.has("_aws") ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** What in {@code document} breaks the specification; empty when nothing does. */
    public static List<String> problems(JsonNode document, Instant now) {
        List<String> problems = new ArrayList<>();
        JsonNode aws = document.path("_aws");
        if (!aws.isObject()) {
            return List.of("_aws is not an object");
        }
        extraMembers(aws, AWS_MEMBERS, "_aws", problems);
        timestamp(aws.path("Timestamp"), now, problems);
        JsonNode directives = aws.path("CloudWatchMetrics");
        if (!directives.isArray() || directives.isEmpty()) {
            problems.add("_aws.CloudWatchMetrics is not a non-empty array");
            return problems;
        }
        Set<String> metricNames = new HashSet<>();
        Set<String> dimensionNames = new HashSet<>();
        directives.forEach(d -> directive(d, document, metricNames, dimensionNames, problems));
        metricNames.stream().filter(dimensionNames::contains).forEach(name -> problems.add(name
                + " is both a metric and a dimension"));
        return problems;
    }

    private static void timestamp(JsonNode timestamp, Instant now, List<String> problems) {
        if (!timestamp.isIntegralNumber()) {
            problems.add("_aws.Timestamp is not a whole number of milliseconds");
            return;
        }
        Instant at = Instant.ofEpochMilli(timestamp.longValue());
        if (at.isBefore(now.minus(MAX_AGE)) || at.isAfter(now.plus(MAX_AHEAD))) {
            problems.add("_aws.Timestamp " + at + " is more than two weeks old or two hours ahead");
        }
    }

    private static void directive(JsonNode directive, JsonNode root, Set<String> metricNames,
            Set<String> dimensionNames, List<String> problems) {
        if (!directive.isObject()) {
            problems.add("a directive is not an object");
            return;
        }
        extraMembers(directive, DIRECTIVE_MEMBERS, "a directive", problems);
        String namespace = directive.path("Namespace").asText("");
        if (!directive.path("Namespace").isTextual() || !NAMESPACE.matcher(namespace).matches()) {
            problems.add("Namespace '" + namespace + "' is not 1 to 256 of [a-zA-Z0-9._#:/-]");
        }
        JsonNode sets = directive.path("Dimensions");
        if (!sets.isArray()) {
            problems.add("Dimensions is not an array");
        } else {
            sets.forEach(set -> dimensionSet(set, root, dimensionNames, problems));
        }
        JsonNode metrics = directive.path("Metrics");
        if (!metrics.isArray() || metrics.isEmpty() || metrics.size() > 100) {
            problems.add("Metrics is not an array of 1 to 100 definitions");
        } else {
            metrics.forEach(definition -> definition(definition, root, metricNames, problems));
        }
    }

    private static void dimensionSet(JsonNode set, JsonNode root, Set<String> dimensionNames, List<String> problems) {
        if (!set.isArray() || set.size() > 30) {
            problems.add("a dimension set is not an array of at most 30 keys: " + set);
            return;
        }
        for (JsonNode key : set) {
            String name = key.asText("");
            dimensionNames.add(name);
            if (!key.isTextual() || name.isEmpty() || name.length() > 250 || !ASCII.matcher(name).matches()
                    || name.startsWith(":")) {
                problems.add("dimension key " + key + " is not 1 to 250 ASCII characters");
            }
            JsonNode value = root.path(name);
            if (!value.isTextual() || value.textValue().isEmpty() || value.textValue().length() > 1024
                    || !ASCII.matcher(value.textValue()).matches()) {
                problems.add("dimension " + name + " has no value of 1 to 1024 ASCII characters at the root");
            }
        }
    }

    private static void definition(JsonNode definition, JsonNode root, Set<String> metricNames,
            List<String> problems) {
        extraMembers(definition, DEFINITION_MEMBERS, "a metric definition", problems);
        String name = definition.path("Name").asText("");
        if (!definition.path("Name").isTextual() || name.isEmpty() || name.length() > 1024) {
            problems.add("a metric has no Name of 1 to 1024 characters");
            return;
        }
        if (!metricNames.add(name)) {
            problems.add("metric " + name + " is defined twice");
        }
        JsonNode unit = definition.path("Unit");
        if (!unit.isMissingNode() && !(unit.isTextual() && UNITS.contains(unit.textValue()))) {
            problems.add("metric " + name + " has unit " + unit + ", not a CloudWatch unit");
        }
        JsonNode resolution = definition.path("StorageResolution");
        if (!resolution.isMissingNode() && !(resolution.isInt() && (resolution.intValue() == 1
                || resolution.intValue() == 60))) {
            problems.add("metric " + name + " has StorageResolution " + resolution + ", not 1 or 60");
        }
        if (numbers(root.path(name)).isEmpty()) {
            problems.add("metric " + name + " has no number, nor array of 1 to 100 numbers, at the root");
        }
    }

    /** The value of a metric member: a number, or an array of 1 to 100 numbers; empty otherwise. */
    private static List<Double> numbers(JsonNode value) {
        if (value.isNumber()) {
            return List.of(value.doubleValue());
        }
        if (!value.isArray() || value.isEmpty() || value.size() > 100) {
            return List.of();
        }
        List<Double> numbers = new ArrayList<>();
        for (JsonNode element : value) {
            if (!element.isNumber()) {
                return List.of();
            }
            numbers.add(element.doubleValue());
        }
        return numbers;
    }

    private static void extraMembers(JsonNode node, Set<String> allowed, String what, List<String> problems) {
        node.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                problems.add(what + " has a member the format does not define: " + name);
            }
        });
    }

    /** The values of a valid document: each metric under each of its directive's dimension sets. */
    private static List<Datum> data(JsonNode document) {
        List<Datum> data = new ArrayList<>();
        for (JsonNode directive : document.path("_aws").path("CloudWatchMetrics")) {
            String namespace = directive.path("Namespace").asText();
            for (JsonNode set : directive.path("Dimensions")) {
                Map<String, String> dimensions = new TreeMap<>();
                set.forEach(key -> dimensions.put(key.asText(), document.path(key.asText()).asText()));
                for (JsonNode definition : directive.path("Metrics")) {
                    String name = definition.path("Name").asText();
                    data.add(new Datum(namespace, name, definition.path("Unit").asText("None"),
                            new LinkedHashMap<>(dimensions), numbers(document.path(name))));
                }
            }
        }
        return data;
    }

    private static String abbreviate(String line) {
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
