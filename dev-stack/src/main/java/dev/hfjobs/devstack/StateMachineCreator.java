package dev.hfjobs.devstack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * {@code AWS::StepFunctions::StateMachine}: its {@code Definition} (or {@code DefinitionString}) with the
 * {@code DefinitionSubstitutions} put in, as CloudFormation does, e.g. {@code ${SubmitQueueUrl}} becoming the
 * created queue's URL. On moto, call {@link MotoApi#enableStepFunctions} first, or the state machine is stored
 * where executions never run.
 *
 * <p>The role is a stand-in: dev-stack creates no IAM roles, and moto only wants a valid-looking ARN.
 */
final class StateMachineCreator implements Creator {

    static final String TYPE = "AWS::StepFunctions::StateMachine";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)}");

    private final SfnClient stepFunctions;

    StateMachineCreator(SfnClient stepFunctions) {
        this.stepFunctions = stepFunctions;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> applied() {
        return Set.of("Definition", "DefinitionString", "DefinitionSubstitutions", "StateMachineType");
    }

    @Override
    public Set<String> skipped() {
        return Set.of("StateMachineName", "RoleArn", "LoggingConfiguration", "TracingConfiguration",
                "EncryptionConfiguration", "Tags");
    }

    @Override
    public CreatedStack.Resource create(String logicalId, String name, JsonNode properties) {
        String definition = definition(logicalId, properties);
        String type = properties.path("StateMachineType").asText("STANDARD");
        String arn = stepFunctions.createStateMachine(b -> b.name(name).definition(definition).type(type)
                .roleArn("arn:aws:iam::" + Values.ACCOUNT + ":role/" + name)).stateMachineArn();
        return new CreatedStack.StateMachine(logicalId, name, arn);
    }

    private static String definition(String logicalId, JsonNode properties) {
        JsonNode definition = properties.has("Definition") ? properties.path("Definition").deepCopy()
                : parse(logicalId, properties.path("DefinitionString").asText(""));
        if (!definition.isObject()) {
            throw new DevStackException(logicalId + " has neither a Definition nor a DefinitionString to create");
        }
        Map<String, String> substitutions = new HashMap<>();
        properties.path("DefinitionSubstitutions").properties()
                .forEach(entry -> substitutions.put(entry.getKey(), entry.getValue().asText()));
        Set<String> missing = new TreeSet<>();
        JsonNode substituted = substitute(definition, substitutions, missing);
        if (!missing.isEmpty()) {
            throw new DevStackException(logicalId + ": its definition names " + missing
                    + ", which DefinitionSubstitutions does not give");
        }
        return substituted.toString();
    }

    /** In every string value, as CloudFormation replaces them in the definition's text. */
    private static JsonNode substitute(JsonNode node, Map<String, String> values, Set<String> missing) {
        if (node.isTextual()) {
            Matcher placeholder = PLACEHOLDER.matcher(node.textValue());
            StringBuilder out = new StringBuilder();
            while (placeholder.find()) {
                String value = values.get(placeholder.group(1));
                if (value == null) {
                    missing.add(placeholder.group(1));
                }
                placeholder.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
            }
            return TextNode.valueOf(placeholder.appendTail(out).toString());
        }
        if (node instanceof ObjectNode object) {
            object.properties().forEach(field -> field.setValue(substitute(field.getValue(), values, missing)));
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, substitute(array.get(i), values, missing));
            }
        }
        return node;
    }

    private static JsonNode parse(String logicalId, String definitionString) {
        try {
            return definitionString.isBlank() ? JSON.missingNode() : JSON.readTree(definitionString);
        } catch (JsonProcessingException e) {
            throw new DevStackException(logicalId + ": its DefinitionString is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
