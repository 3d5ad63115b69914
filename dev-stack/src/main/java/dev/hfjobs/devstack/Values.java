package dev.hfjobs.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.hfjobs.localinvoke.SamTemplate;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves the intrinsic functions in a resource's properties as far as creating it locally needs:
 * {@code Ref} to a parameter (its given value, else its default), a pseudo parameter, or a resource created before
 * (what CloudFormation's Ref gives: a queue's URL, a table's name); {@code Fn::GetAtt} of a created
 * resource; {@code Fn::Sub} over those. Anything else is an error that says where it is.
 */
final class Values {

    /** moto's account, the one in every ARN it builds. */
    static final String ACCOUNT = "123456789012";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)}");

    private final SamTemplate template;
    private final String region;
    private final Optional<String> stackName;
    private final Map<String, CreatedStack.Resource> created;
    private final Map<String, String> parameters;

    /** @param parameters template parameter values given for this stack, over the defaults */
    Values(SamTemplate template, String region, Optional<String> stackName,
            Map<String, CreatedStack.Resource> created, Map<String, String> parameters) {
        this.template = template;
        this.region = region;
        this.stackName = stackName;
        this.created = created;
        this.parameters = parameters;
    }

    /**
     * @param where e.g. {@code SubmitQueue.RedrivePolicy}, for the error message
     * @return the value with every intrinsic replaced; a missing node for {@code AWS::NoValue}
     * @throws DevStackException when something cannot be resolved locally
     */
    JsonNode resolve(JsonNode node, String where) {
        if (node.isArray()) {
            ArrayNode resolved = NODES.arrayNode();
            node.forEach(item -> add(resolved, resolve(item, where)));
            return resolved;
        }
        if (!node.isObject()) {
            return node;
        }
        if (node.size() == 1) {
            Map.Entry<String, JsonNode> only = node.properties().iterator().next();
            if (only.getKey().equals("Ref") || only.getKey().startsWith("Fn::")) {
                return function(only.getKey(), only.getValue(), where);
            }
        }
        ObjectNode resolved = NODES.objectNode();
        node.properties().forEach(field -> {
            JsonNode value = resolve(field.getValue(), where + "." + field.getKey());
            if (!value.isMissingNode()) {
                resolved.set(field.getKey(), value);
            }
        });
        return resolved;
    }

    Optional<JsonNode> tryResolve(JsonNode node) {
        try {
            return Optional.of(resolve(node, "")).filter(value -> !value.isMissingNode());
        } catch (DevStackException e) {
            return Optional.empty();
        }
    }

    /** The logical ids and parameters a value refers to ({@code Ref}, {@code Fn::GetAtt}, {@code Fn::Sub}). */
    static Set<String> references(JsonNode node) {
        Set<String> found = new LinkedHashSet<>();
        collect(node, found);
        return found;
    }

    private static void collect(JsonNode node, Set<String> found) {
        if (node.isObject() && node.size() == 1 && node.has("Ref") && node.path("Ref").isTextual()) {
            found.add(node.path("Ref").textValue());
        } else if (node.isObject() && node.size() == 1 && node.has("Fn::GetAtt")) {
            found.add(getAttArguments(node.path("Fn::GetAtt"))[0]);
        } else if (node.isObject() && node.size() == 1 && node.has("Fn::Sub")) {
            JsonNode sub = node.path("Fn::Sub");
            Matcher placeholder = PLACEHOLDER.matcher(sub.isArray() ? sub.path(0).asText() : sub.asText());
            while (placeholder.find()) {
                found.add(placeholder.group(1).split("\\.")[0]);
            }
            collect(sub.path(1), found);
        } else {
            node.forEach(child -> collect(child, found));
        }
    }

    private JsonNode function(String name, JsonNode argument, String where) {
        return switch (name) {
            case "Ref" -> ref(argument.asText(), where);
            case "Fn::GetAtt" -> TextNode.valueOf(getAtt(getAttArguments(argument), where));
            case "Fn::Sub" -> TextNode.valueOf(sub(argument, where));
            default -> throw new DevStackException(where + ": " + name + " is not resolved locally; teach "
                    + Values.class.getName() + " or write the value plainly");
        };
    }

    private JsonNode ref(String name, String where) {
        return switch (name) {
            case "AWS::NoValue" -> MissingNode.getInstance();
            case "AWS::Region" -> TextNode.valueOf(region);
            case "AWS::AccountId" -> TextNode.valueOf(ACCOUNT);
            case "AWS::Partition" -> TextNode.valueOf("aws");
            case "AWS::URLSuffix" -> TextNode.valueOf("amazonaws.com");
            case "AWS::StackName" -> TextNode.valueOf(stackName.orElseThrow(() -> new DevStackException(where
                    + ": AWS::StackName has no local value here")));
            default -> Optional.ofNullable(created.get(name)).map(resource -> TextNode.valueOf(resource.ref()))
                    .or(() -> Optional.ofNullable(parameters.get(name)).map(TextNode::valueOf))
                    .or(() -> template.parameterDefault(name).map(TextNode::valueOf))
                    .orElseThrow(() -> new DevStackException(where + ": Ref " + name
                            + " is neither a resource created before it nor a parameter with a default"));
        };
    }

    private String getAtt(String[] arguments, String where) {
        CreatedStack.Resource resource = created.get(arguments[0]);
        if (resource == null) {
            throw new DevStackException(where + ": Fn::GetAtt " + arguments[0]
                    + " names no resource created before it");
        }
        return resource.attribute(arguments[1]).orElseThrow(() -> new DevStackException(where + ": "
                + arguments[0] + " has no attribute " + arguments[1] + " locally"));
    }

    private String sub(JsonNode argument, String where) {
        String text = argument.isArray() ? argument.path(0).asText() : argument.asText();
        JsonNode variables = argument.isArray() ? argument.path(1) : NODES.objectNode();
        Matcher placeholder = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (placeholder.find()) {
            String name = placeholder.group(1);
            String value;
            if (name.startsWith("!")) {
                value = "${" + name.substring(1) + "}";
            } else if (variables.has(name)) {
                value = resolve(variables.path(name), where + "." + name).asText();
            } else if (name.contains(".") && !name.startsWith("AWS::")) {
                value = getAtt(name.split("\\.", 2), where);
            } else {
                value = ref(name, where).asText();
            }
            placeholder.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        placeholder.appendTail(out);
        return out.toString();
    }

    private static String[] getAttArguments(JsonNode argument) {
        if (argument.isArray()) {
            return new String[] {argument.path(0).asText(), argument.path(1).asText()};
        }
        String[] parts = argument.asText().split("\\.", 2);
        return parts.length == 2 ? parts : new String[] {parts[0], ""};
    }

    private static void add(ArrayNode array, JsonNode value) {
        if (!value.isMissingNode()) {
            array.add(value);
        }
    }
}
