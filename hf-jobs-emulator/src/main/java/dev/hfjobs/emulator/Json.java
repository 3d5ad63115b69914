package dev.hfjobs.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** The emulator's one JSON mapper and the small helpers its wire code shares. */
final class Json {

    /** Writes decimals plainly ({@code 0.000167}, not {@code 1.67E-4}) as the Hub does. */
    static final ObjectMapper MAPPER = JsonMapper.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** @return a Hub timestamp: UTC, milliseconds, e.g. {@code 2025-07-22T16:06:25.079Z} */
    static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    static void putTimestamp(ObjectNode target, String field, Optional<Instant> instant) {
        instant.ifPresentOrElse(at -> target.put(field, timestamp(at)), () -> target.putNull(field));
    }

    static ArrayNode strings(Collection<String> values) {
        ArrayNode array = array();
        values.forEach(array::add);
        return array;
    }

    static ObjectNode stringMap(Map<String, String> values) {
        ObjectNode object = object();
        values.forEach(object::put);
        return object;
    }

    /** @return the body parsed, empty when it is not JSON */
    static Optional<JsonNode> parse(String body) {
        try {
            return Optional.ofNullable(MAPPER.readTree(body));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new EmulatorException("cannot write JSON", e);
        }
    }
}
