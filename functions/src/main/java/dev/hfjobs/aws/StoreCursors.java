package dev.hfjobs.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.model.ModelException;
import dev.hfjobs.model.Wire;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Page cursors: a query's LastEvaluatedKey (string attributes only, as the {@code active} index's
 * keys are) as URL-safe base64 of a small JSON object.
 */
final class StoreCursors {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private StoreCursors() {}

    static String encode(Map<String, AttributeValue> lastEvaluatedKey) {
        ObjectNode node = Wire.object();
        lastEvaluatedKey.forEach((name, value) -> node.put(name, value.s()));
        return ENCODER.encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The key a cursor stands for.
     *
     * @throws IllegalArgumentException when the cursor is not one {@link #encode} made for
     *     {@code expectedNames}
     */
    static Map<String, AttributeValue> decode(String cursor, Set<String> expectedNames) {
        JsonNode node;
        try {
            node = Wire.parse(Base64.getUrlDecoder().decode(cursor));
        } catch (IllegalArgumentException | ModelException e) {
            throw invalid();
        }
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        if (node == null || !node.isObject()) {
            throw invalid();
        }
        node.properties().forEach(e -> {
            if (!e.getValue().isTextual()) {
                throw invalid();
            }
            key.put(e.getKey(), AttributeValue.fromS(e.getValue().textValue()));
        });
        if (!key.keySet().equals(expectedNames)) {
            throw invalid();
        }
        return key;
    }

    private static IllegalArgumentException invalid() {
        return new IllegalArgumentException("invalid page cursor");
    }
}
