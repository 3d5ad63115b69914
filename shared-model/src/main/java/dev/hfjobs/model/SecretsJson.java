package dev.hfjobs.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads {@code secrets} as the Hub sends it back: either an object of names to (redacted, null)
 * values or a plain list of names. Values are never kept from an answer: only names.
 */
final class SecretsJson {
    private SecretsJson() {}

    /** The names of {@code secrets} (an object's keys or a list's items), each mapped to null. */
    static Map<String, String> names(JsonNode node) {
        Map<String, String> names = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.fieldNames().forEachRemaining(name -> names.put(name, null));
        } else if (node != null && node.isArray()) {
            node.forEach(item -> names.put(item.asText(), null));
        }
        return names;
    }

    /** Names only: every value becomes null. */
    static final class NamesDeserializer extends StdDeserializer<Map<String, String>> {
        NamesDeserializer() {
            super(Map.class);
        }

        @Override
        public Map<String, String> deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            return names(context.readTree(parser));
        }

        @Override
        public Map<String, String> getNullValue(DeserializationContext context) {
            return Map.of();
        }
    }
}
