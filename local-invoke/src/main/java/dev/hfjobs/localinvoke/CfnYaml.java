package dev.hfjobs.localinvoke;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * Reads a CloudFormation/SAM YAML template into a JSON tree, turning the short-form tags into
 * their long form as CloudFormation does: {@code !Ref X} becomes {@code {"Ref": "X"}},
 * {@code !GetAtt A.B} becomes {@code {"Fn::GetAtt": ["A", "B"]}}, {@code !Sub s} becomes
 * {@code {"Fn::Sub": s}}, and so on. (A plain tree read would silently drop the tags.)
 */
final class CfnYaml {

    private static final YAMLFactory YAML = new YAMLFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> FUNCTIONS = Set.of("Base64", "Cidr", "FindInMap", "GetAZs",
            "ImportValue", "Join", "Select", "Split", "Sub", "Transform", "If", "Equals", "And", "Or",
            "Not", "Length", "ToJsonString");

    private CfnYaml() {
    }

    static JsonNode read(Path file) {
        try (YAMLParser parser = YAML.createParser(file.toFile())) {
            if (parser.nextToken() == null) {
                throw new LocalInvokeException(file + " is empty");
            }
            return value(parser);
        } catch (IOException e) {
            throw new LocalInvokeException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode value(YAMLParser parser) throws IOException {
        String tag = parser.getTypeId();
        JsonToken token = parser.currentToken();
        JsonNode node = switch (token) {
            case START_OBJECT -> object(parser);
            case START_ARRAY -> array(parser);
            case VALUE_STRING -> TextNode.valueOf(parser.getText());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDecimalValue());
            case VALUE_TRUE, VALUE_FALSE -> BooleanNode.valueOf(token == JsonToken.VALUE_TRUE);
            case VALUE_NULL -> NullNode.getInstance();
            default -> throw new IOException("unexpected " + token + " at " + parser.currentLocation());
        };
        return tag == null ? node : tagged(tag, node);
    }

    private static ObjectNode object(YAMLParser parser) throws IOException {
        ObjectNode object = NODES.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            object.set(name, value(parser));
        }
        return object;
    }

    private static ArrayNode array(YAMLParser parser) throws IOException {
        ArrayNode array = NODES.arrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            array.add(value(parser));
        }
        return array;
    }

    private static JsonNode tagged(String tag, JsonNode node) {
        if (tag.equals("Ref") || tag.equals("Condition")) {
            return NODES.objectNode().set(tag, node);
        }
        if (tag.equals("GetAtt")) {
            return NODES.objectNode().set("Fn::GetAtt", getAttArguments(node));
        }
        if (FUNCTIONS.contains(tag)) {
            return NODES.objectNode().set("Fn::" + tag, node);
        }
        return node; // a YAML type tag such as !!str: the value itself is what counts
    }

    private static JsonNode getAttArguments(JsonNode node) {
        if (!node.isTextual()) {
            return node;
        }
        String text = node.textValue();
        int dot = text.indexOf('.');
        ArrayNode arguments = NODES.arrayNode();
        return dot < 0 ? arguments.add(text) : arguments.add(text.substring(0, dot)).add(text.substring(dot + 1));
    }
}
