package dev.hfjobs.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON mapper of the project, configured for the Hub's wire format: unknown fields ignored,
 * timestamps as ISO-8601 strings, nesting and sizes bounded for untrusted input. Written compact, with
 * non-ASCII characters unescaped and control characters escaped as Python's {@code json} does, which
 * is how huggingface_hub encodes a body. Thread-safe; build nothing else.
 */
public final class Wire {
    /** Deeper JSON than this is refused: no legitimate request or answer comes close. */
    public static final int MAX_NESTING = 64;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            // Prices and costs in USD: 0.000167, never 1.67E-4.
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            // Control characters escaped in lowercase hex, as Python's json writes them, so that a body
            // holds the same bytes huggingface_hub would send.
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .addModule(new JavaTimeModule())
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING)
                .maxStringLength(4 * 1024 * 1024)
                .maxNumberLength(100)
                .build());
    }

    private Wire() {}

    /** The shared mapper. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Parses JSON text into a tree.
     *
     * @throws ModelException when the text is not one well-formed JSON value; the message says where
     *     but never quotes the text (it may hold secrets)
     */
    public static JsonNode parse(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new ModelException("not JSON: the text is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ModelException("not JSON: " + location(e), e);
        }
    }

    /** Writes a value as compact JSON text. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new ModelException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Reads a tree into a model type; unknown fields are ignored. */
    public static <T> T read(JsonNode node, Class<T> type) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new ModelException("cannot read " + type.getSimpleName() + ": " + location(e), e);
        } catch (IllegalArgumentException | ModelException e) {
            throw new ModelException("cannot read " + type.getSimpleName() + ": a value breaks the model's rules", e);
        }
    }

    private static String location(JsonProcessingException e) {
        var at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        String what = e.getOriginalMessage();
        // Jackson quotes the offending token; keep only the first words, which say what was wrong.
        int quote = what.indexOf('\'');
        return (quote > 0 ? what.substring(0, quote).strip() : what.lines().findFirst().orElse("")) + where;
    }
}
