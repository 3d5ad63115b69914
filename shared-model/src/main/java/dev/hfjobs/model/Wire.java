package dev.hfjobs.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/**
 * The project's JSON, configured for the Hub's wire format: unknown fields ignored, timestamps as
 * ISO-8601 strings, nesting and sizes bounded for untrusted input. Written compact, with non-ASCII
 * characters unescaped and control characters escaped as Python's {@code json} does, which is how
 * huggingface_hub encodes a body. Thread-safe; build nothing else.
 *
 * <p>Two layers over one {@link JsonFactory}. Trees ({@link #parse}, {@link #write} of a tree, of
 * plain maps, lists and scalars) and the model types the submit path carries ({@link JobSpec},
 * {@link JobInfo}, {@link Hardware}, through {@link ModelJson}) are read and written with the
 * streaming parser and generator alone. Everything else goes through the {@linkplain #mapper()
 * data-binding mapper}, built on first use: building it and its bean serializers costs a cold start
 * a few hundred milliseconds of CPU that a submit does not need to spend. Both layers give the same
 * bytes and the same trees ({@code ModelJsonTest} holds them to it); the mapper itself reads and writes
 * the model types through {@link ModelJson} too.
 */
public final class Wire {
    /** Deeper JSON than this is refused: no legitimate request or answer comes close. */
    public static final int MAX_NESTING = 64;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            // Prices and costs in USD: 0.000167, never 1.67E-4.
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            // Control characters escaped in lowercase hex, as Python's json writes them, so that a body
            // holds the same bytes huggingface_hub would send.
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING)
                    .maxStringLength(4 * 1024 * 1024)
                    .maxNumberLength(100)
                    .build())
            .build();

    private Wire() {}

    /** The data-binding mapper, over the same factory, built on first use. */
    public static ObjectMapper mapper() {
        return Mapper.INSTANCE;
    }

    /** Holder: the mapper is built the first time something binds a type no codec here handles. */
    private static final class Mapper {
        static final ObjectMapper INSTANCE = JsonMapper.builder(FACTORY)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .addModule(new JavaTimeModule())
                .addModule(ModelJson.module())
                .build();
    }

    /** A new empty object node. */
    public static ObjectNode object() {
        return NODES.objectNode();
    }

    /** A new empty array node. */
    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    /**
     * Parses JSON text into a tree.
     *
     * @throws ModelException when the text is not one well-formed JSON value; the message says where
     *     but never quotes the text (it may hold secrets)
     */
    public static JsonNode parse(String json) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            return parse(parser);
        } catch (IOException e) {
            throw notJson(e);
        }
    }

    /** {@link #parse(String)} of UTF-8 bytes (or UTF-16/32, detected as JSON allows). */
    public static JsonNode parse(byte[] json) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            return parse(parser);
        } catch (IOException e) {
            throw notJson(e);
        }
    }

    private static JsonNode parse(JsonParser parser) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new ModelException("not JSON: the text is empty");
        }
        JsonNode node = value(parser, first);
        if (parser.nextToken() != null) {
            var at = parser.currentTokenLocation();
            throw new ModelException("not JSON: more text after the value at line " + at.getLineNr() + ", column "
                    + at.getColumnNr());
        }
        return node;
    }

    // Recursion is bounded: the parser refuses nesting deeper than MAX_NESTING.
    private static JsonNode value(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
                    // A repeated name keeps its first place and takes the last value, as a tree read by
                    // the mapper does.
                    object.set(name, value(parser, parser.nextToken()));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    array.add(value(parser, next));
                }
                yield array;
            }
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new ModelException("not JSON: unexpected " + token + " at line "
                    + parser.currentTokenLocation().getLineNr());
        };
    }

    private static ModelException notJson(IOException e) {
        return e instanceof JsonProcessingException json ? new ModelException("not JSON: " + location(json), e)
                : new ModelException("not JSON: unreadable", e);
    }

    /**
     * Writes a value as compact JSON text: a tree, a map with text keys, a list, a scalar or a model
     * type with the streaming generator; anything else with the mapper.
     */
    public static String write(Object value) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            write(generator, value);
        } catch (IOException e) {
            throw new ModelException("cannot write " + (value == null ? "null" : value.getClass().getSimpleName())
                    + " as JSON", e);
        }
        return out.toString();
    }

    /**
     * The value as a new tree, as the mapper's {@code valueToTree} makes it; without the mapper for
     * text-keyed maps, lists, text, booleans, whole numbers and the model types {@link ModelJson}
     * writes. (Other numbers go through the mapper, which turns them into the nodes it chooses.)
     */
    @SuppressWarnings("unchecked") // As valueToTree: the caller knows the shape it asks for.
    public static <T extends JsonNode> T tree(Object value) {
        return (T) plainTree(value);
    }

    private static JsonNode plainTree(Object value) {
        return switch (value) {
            case null -> NODES.nullNode();
            case JsonNode node -> node.deepCopy();
            case String text -> NODES.textNode(text);
            case Boolean bool -> NODES.booleanNode(bool);
            case Integer number -> NODES.numberNode(number);
            case Long number -> NODES.numberNode(number);
            case Map<?, ?> map when textKeys(map) -> {
                ObjectNode object = NODES.objectNode();
                map.forEach((key, item) -> object.set((String) key, plainTree(item)));
                yield object;
            }
            case Collection<?> list -> {
                ArrayNode array = NODES.arrayNode(list.size());
                list.forEach(item -> array.add(plainTree(item)));
                yield array;
            }
            default -> {
                JsonNode known = ModelJson.tree(value);
                yield known != null ? known : mapper().valueToTree(value);
            }
        };
    }

    /** Reads a tree into a model type; unknown fields are ignored. */
    public static <T> T read(JsonNode node, Class<T> type) {
        if (ModelJson.reads(type)) {
            try {
                return ModelJson.read(node, type);
            } catch (ModelException e) {
                // The codec's messages name members and JSON types, never a value.
                throw new ModelException("cannot read " + type.getSimpleName() + ": " + e.getMessage(), e);
            }
        }
        try {
            return mapper().treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new ModelException("cannot read " + type.getSimpleName() + ": " + location(e), e);
        } catch (IllegalArgumentException | ModelException e) {
            throw new ModelException("cannot read " + type.getSimpleName() + ": a value breaks the model's rules", e);
        }
    }

    private static void write(JsonGenerator generator, Object value) throws IOException {
        switch (value) {
            case null -> generator.writeNull();
            case JsonNode node -> writeTree(generator, node);
            case String text -> generator.writeString(text);
            case Boolean bool -> generator.writeBoolean(bool);
            case Integer number -> generator.writeNumber(number);
            case Long number -> generator.writeNumber(number);
            case Double number -> generator.writeNumber(number);
            case BigDecimal number -> generator.writeNumber(number);
            case BigInteger number -> generator.writeNumber(number);
            case Map<?, ?> map when textKeys(map) -> {
                generator.writeStartObject();
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    generator.writeFieldName((String) entry.getKey());
                    write(generator, entry.getValue());
                }
                generator.writeEndObject();
            }
            case Collection<?> list -> {
                generator.writeStartArray();
                for (Object item : list) {
                    write(generator, item);
                }
                generator.writeEndArray();
            }
            default -> {
                JsonNode known = ModelJson.tree(value);
                if (known != null) {
                    writeTree(generator, known);
                } else {
                    mapper().writeValue(generator, value);
                }
            }
        }
    }

    private static boolean textKeys(Map<?, ?> map) {
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) {
                return false;
            }
        }
        return true;
    }

    /** A tree, as the mapper writes one (a missing node as null, a POJO node as the mapper writes it). */
    static void writeTree(JsonGenerator generator, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                generator.writeStartObject();
                for (Map.Entry<String, JsonNode> entry : node.properties()) {
                    generator.writeFieldName(entry.getKey());
                    writeTree(generator, entry.getValue());
                }
                generator.writeEndObject();
            }
            case ARRAY -> {
                generator.writeStartArray();
                for (JsonNode item : node) {
                    writeTree(generator, item);
                }
                generator.writeEndArray();
            }
            case STRING -> generator.writeString(node.textValue());
            case NUMBER -> {
                switch (node.numberType()) {
                    case INT -> generator.writeNumber(node.intValue());
                    case LONG -> generator.writeNumber(node.longValue());
                    case BIG_INTEGER -> generator.writeNumber(node.bigIntegerValue());
                    case FLOAT -> generator.writeNumber(node.floatValue());
                    case DOUBLE -> generator.writeNumber(node.doubleValue());
                    case BIG_DECIMAL -> generator.writeNumber(node.decimalValue());
                }
            }
            case BOOLEAN -> generator.writeBoolean(node.booleanValue());
            case NULL, MISSING -> generator.writeNull();
            case BINARY -> generator.writeBinary(node.binaryValue());
            case POJO -> mapper().writeValue(generator, ((POJONode) node).getPojo());
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
