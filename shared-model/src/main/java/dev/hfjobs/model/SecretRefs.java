package dev.hfjobs.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code secrets} in a submit request, where a value is a string or a reference,
 * {@code {"valueFrom": "<where the value is kept>"}} (the shape AWS Batch and ECS use). Only the
 * shape is checked here; what a reference may name is the functions' business (they know the
 * account, the region and the allowed prefixes).
 */
final class SecretRefs {
    /** The longest reference accepted: an ARN with a JSON key, version stage and version id fits. */
    static final int MAX_REFERENCE = 2048;
    static final String VALUE_FROM = "valueFrom";
    static final String RULE = "must be a string, or {\"valueFrom\": \"<Secrets Manager secret ARN or name"
            + "[:json-key]>\" or \"<SSM parameter ARN or name>\"}";

    /**
     * The secrets given as values and those given as references, each in request order.
     *
     * @param values name to value (sent to the Hub as they are)
     * @param references name to reference (resolved when the job is created)
     */
    record Read(Map<String, String> values, Map<String, String> references) {}

    private SecretRefs() {}

    static Read read(JsonNode node, String field, Problems problems) {
        if (node == null || !node.isObject()) {
            return new Read(SpecFields.variables(node, field, problems, true), Map.of());
        }
        ObjectNode values = Wire.object();
        Map<String, String> references = new LinkedHashMap<>();
        node.properties().forEach(entry -> {
            if (entry.getValue().isObject()) {
                String path = field + "." + Fields.printable(entry.getKey());
                SpecFields.variableName(entry.getKey(), path, problems);
                reference(entry.getValue(), path, problems).ifPresent(ref -> references.put(entry.getKey(), ref));
            } else {
                values.set(entry.getKey(), entry.getValue());
            }
        });
        return new Read(SpecFields.variables(values, field, problems, true), references);
    }

    private static Optional<String> reference(JsonNode value, String path, Problems problems) {
        JsonNode from = value.get(VALUE_FROM);
        if (value.size() != 1 || from == null || !from.isTextual()) {
            problems.add(path, RULE);
            return Optional.empty();
        }
        String ref = from.textValue();
        if (ref.isEmpty() || ref.length() > MAX_REFERENCE || !ref.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            problems.add(path + "." + VALUE_FROM, "must be 1 to " + MAX_REFERENCE
                    + " printable ASCII characters without spaces");
            return Optional.empty();
        }
        return Optional.of(ref);
    }
}
