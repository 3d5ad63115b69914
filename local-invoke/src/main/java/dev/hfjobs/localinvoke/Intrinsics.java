package dev.hfjobs.localinvoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Resolves the intrinsic functions of a template the way {@code sam local} does, as far as a
 * local run can: {@code Ref} to a parameter gives its override or default, to a pseudo parameter a
 * local value (account 123456789012, stack "local"), to a resource its logical id;
 * {@code Fn::GetAtt X.Arn} gives an ARN built from the logical id; {@code Fn::Sub},
 * {@code Fn::Join}, {@code Fn::Select}, {@code Fn::Split} are evaluated, and {@code Fn::If} with
 * the template's Conditions ({@code Fn::Equals}, {@code Fn::Not}, {@code Fn::And}, {@code Fn::Or}).
 * Anything else ({@code Fn::ImportValue}, {@code Fn::FindInMap}, unknown attributes, parameters
 * without a value) is unresolved and comes back as a JSON null, which an environment variable turns
 * into "". {@code AWS::NoValue} comes back as a missing node, dropped from its object or list.
 */
final class Intrinsics {

    static final String ACCOUNT_ID = "123456789012";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final JsonNode UNRESOLVED = NullNode.getInstance();

    private final Map<String, String> parameters;
    private final JsonNode resources;
    private final JsonNode conditions;
    private final String region;
    private final Set<String> evaluating = new HashSet<>();

    /**
     * @param parameters the template's parameters with a value (override, else default)
     * @param resources  the template's Resources section
     * @param conditions the template's Conditions section (may be missing)
     * @param region     the value of {@code AWS::Region}
     */
    Intrinsics(Map<String, String> parameters, JsonNode resources, JsonNode conditions, String region) {
        this.parameters = Map.copyOf(parameters);
        this.resources = resources;
        this.conditions = conditions;
        this.region = region;
    }

    JsonNode resolve(JsonNode node) {
        if (node.isArray()) {
            return resolveArray(node);
        }
        if (!node.isObject()) {
            return node;
        }
        if (node.size() == 1) {
            Map.Entry<String, JsonNode> only = node.properties().iterator().next();
            String key = only.getKey();
            if (key.equals("Ref") || key.equals("Condition") || key.startsWith("Fn::")) {
                return function(key, only.getValue());
            }
        }
        ObjectNode resolved = NODES.objectNode();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            JsonNode value = resolve(field.getValue());
            if (!value.isMissingNode()) {
                resolved.set(field.getKey(), value);
            }
        }
        return resolved;
    }

    private JsonNode resolveArray(JsonNode node) {
        ArrayNode resolved = NODES.arrayNode();
        for (JsonNode item : node) {
            JsonNode value = resolve(item);
            if (!value.isMissingNode()) {
                resolved.add(value);
            }
        }
        return resolved;
    }

    private JsonNode function(String name, JsonNode argument) {
        return switch (name) {
            case "Ref" -> argument.isTextual() ? ref(argument.textValue()) : UNRESOLVED;
            case "Fn::GetAtt" -> argument.isArray() && argument.size() == 2
                    ? getAtt(argument.get(0).asText(), argument.get(1).asText()) : UNRESOLVED;
            case "Fn::Sub" -> sub(argument);
            case "Fn::Join" -> join(argument);
            case "Fn::Select" -> select(argument);
            case "Fn::Split" -> split(argument);
            case "Fn::If" -> ifThen(argument);
            case "Condition" -> argument.isTextual() ? condition(argument.textValue()) : UNRESOLVED;
            case "Fn::Equals" -> equalsTest(argument);
            case "Fn::Not", "Fn::And", "Fn::Or" -> logic(name, argument);
            default -> UNRESOLVED;
        };
    }

    private JsonNode ifThen(JsonNode argument) {
        if (!argument.isArray() || argument.size() != 3 || !argument.get(0).isTextual()) {
            return UNRESOLVED;
        }
        JsonNode test = condition(argument.get(0).textValue());
        return test.isBoolean() ? resolve(argument.get(test.booleanValue() ? 1 : 2)) : UNRESOLVED;
    }

    /** A named condition's value: a boolean node, or unresolved (also for a condition that refers to itself). */
    private JsonNode condition(String name) {
        JsonNode definition = conditions.path(name);
        if (definition.isMissingNode() || !evaluating.add(name)) {
            return UNRESOLVED;
        }
        try {
            JsonNode value = resolve(definition);
            return value.isBoolean() ? value : UNRESOLVED;
        } finally {
            evaluating.remove(name);
        }
    }

    private JsonNode equalsTest(JsonNode argument) {
        if (!argument.isArray() || argument.size() != 2) {
            return UNRESOLVED;
        }
        JsonNode left = resolve(argument.get(0));
        JsonNode right = resolve(argument.get(1));
        if (!left.isValueNode() || left.isNull() || !right.isValueNode() || right.isNull()) {
            return UNRESOLVED;
        }
        return BooleanNode.valueOf(left.asText().equals(right.asText()));
    }

    private JsonNode logic(String name, JsonNode argument) {
        if (!argument.isArray() || argument.isEmpty()) {
            return UNRESOLVED;
        }
        boolean and = true;
        boolean or = false;
        for (JsonNode operand : argument) {
            JsonNode value = resolve(operand);
            if (!value.isBoolean()) {
                return UNRESOLVED;
            }
            and &= value.booleanValue();
            or |= value.booleanValue();
        }
        return BooleanNode.valueOf(switch (name) {
            case "Fn::Not" -> !and;
            case "Fn::And" -> and;
            default -> or;
        });
    }

    private JsonNode split(JsonNode argument) {
        if (!argument.isArray() || argument.size() != 2 || !argument.get(0).isTextual()) {
            return UNRESOLVED;
        }
        JsonNode text = resolve(argument.get(1));
        if (!text.isTextual()) {
            return UNRESOLVED;
        }
        ArrayNode parts = NODES.arrayNode();
        for (String part : text.textValue().split(Pattern.quote(argument.get(0).textValue()), -1)) {
            parts.add(part);
        }
        return parts;
    }

    private JsonNode ref(String name) {
        if (parameters.containsKey(name)) {
            return TextNode.valueOf(parameters.get(name));
        }
        if (name.startsWith("AWS::")) {
            return pseudo(name);
        }
        return resources.has(name) ? TextNode.valueOf(name) : UNRESOLVED;
    }

    private JsonNode pseudo(String name) {
        return switch (name) {
            case "AWS::Region" -> TextNode.valueOf(region);
            case "AWS::AccountId" -> TextNode.valueOf(ACCOUNT_ID);
            case "AWS::Partition" -> TextNode.valueOf("aws");
            case "AWS::StackName" -> TextNode.valueOf("local");
            case "AWS::StackId" -> TextNode.valueOf("arn:aws:cloudformation:" + region + ":" + ACCOUNT_ID
                    + ":stack/local/51af3dc0-da77-11e4-872e-1234567db123");
            case "AWS::URLSuffix" -> TextNode.valueOf("amazonaws.com");
            case "AWS::NoValue" -> MissingNode.getInstance();
            default -> UNRESOLVED;
        };
    }

    private JsonNode getAtt(String logicalId, String attribute) {
        JsonNode resource = resources.path(logicalId);
        if (resource.isMissingNode()) {
            return UNRESOLVED;
        }
        String type = resource.path("Type").asText();
        String name = physicalName(resource, logicalId);
        return switch (attribute) {
            case "Arn" -> TextNode.valueOf(arn(type, name));
            case "QueueName", "Name" -> TextNode.valueOf(name);
            case "QueueUrl" -> TextNode.valueOf("https://sqs." + region + ".amazonaws.com/" + ACCOUNT_ID + "/" + name);
            default -> UNRESOLVED;
        };
    }

    /** The resource's own name property when the template gives one as plain text, else its logical id. */
    private static String physicalName(JsonNode resource, String logicalId) {
        JsonNode properties = resource.path("Properties");
        for (String field : new String[] {"FunctionName", "QueueName", "TableName", "Name", "TopicName"}) {
            if (properties.path(field).isTextual()) {
                return properties.path(field).textValue();
            }
        }
        return logicalId;
    }

    private String arn(String type, String name) {
        String prefix = ":" + region + ":" + ACCOUNT_ID + ":";
        return switch (type) {
            case "AWS::Serverless::Function", "AWS::Lambda::Function" -> "arn:aws:lambda" + prefix + "function:" + name;
            case "AWS::DynamoDB::Table", "AWS::Serverless::SimpleTable" -> "arn:aws:dynamodb" + prefix + "table/" + name;
            case "AWS::Events::EventBus" -> "arn:aws:events" + prefix + "event-bus/" + name;
            case "AWS::Events::Rule" -> "arn:aws:events" + prefix + "rule/" + name;
            case "AWS::SecretsManager::Secret" -> "arn:aws:secretsmanager" + prefix + "secret:" + name;
            default -> "arn:aws:" + service(type) + prefix + name;
        };
    }

    private static String service(String type) {
        String[] parts = type.split("::");
        return parts.length >= 2 ? parts[1].toLowerCase(Locale.ROOT) : "unknown";
    }

    private JsonNode sub(JsonNode argument) {
        if (argument.isTextual()) {
            return substitute(argument.textValue(), NODES.objectNode());
        }
        if (argument.isArray() && argument.size() == 2 && argument.get(0).isTextual()) {
            return substitute(argument.get(0).textValue(), argument.get(1));
        }
        return UNRESOLVED;
    }

    /** {@code ${Name}}, {@code ${Resource.Attribute}}, and {@code ${!Literal}} for a literal {@code ${Literal}}. */
    private JsonNode substitute(String template, JsonNode variables) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < template.length()) {
            int open = template.indexOf("${", at);
            int close = open < 0 ? -1 : template.indexOf('}', open);
            if (close < 0) {
                out.append(template, at, template.length());
                break;
            }
            out.append(template, at, open);
            String name = template.substring(open + 2, close);
            if (name.startsWith("!")) {
                out.append("${").append(name.substring(1)).append('}');
            } else {
                JsonNode value = variable(name, variables);
                if (!value.isValueNode() || value.isNull()) {
                    return UNRESOLVED;
                }
                out.append(value.asText());
            }
            at = close + 1;
        }
        return TextNode.valueOf(out.toString());
    }

    private JsonNode variable(String name, JsonNode variables) {
        if (variables.has(name)) {
            return resolve(variables.get(name));
        }
        int dot = name.indexOf('.');
        return dot < 0 || name.startsWith("AWS::") ? ref(name) : getAtt(name.substring(0, dot), name.substring(dot + 1));
    }

    private JsonNode join(JsonNode argument) {
        if (!argument.isArray() || argument.size() != 2 || !argument.get(0).isTextual()) {
            return UNRESOLVED;
        }
        JsonNode items = resolve(argument.get(1));
        if (!items.isArray()) {
            return UNRESOLVED;
        }
        StringBuilder out = new StringBuilder();
        for (Iterator<JsonNode> it = items.iterator(); it.hasNext(); ) {
            JsonNode item = it.next();
            if (!item.isValueNode() || item.isNull()) {
                return UNRESOLVED;
            }
            out.append(item.asText()).append(it.hasNext() ? argument.get(0).textValue() : "");
        }
        return TextNode.valueOf(out.toString());
    }

    private JsonNode select(JsonNode argument) {
        if (!argument.isArray() || argument.size() != 2) {
            return UNRESOLVED;
        }
        JsonNode index = resolve(argument.get(0));
        JsonNode items = resolve(argument.get(1));
        int i = index.asInt(-1);
        return items.isArray() && i >= 0 && i < items.size() ? items.get(i) : UNRESOLVED;
    }
}
