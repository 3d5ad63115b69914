package dev.hfjobs.localinvoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A SAM template, read the way {@code sam local invoke} reads it: {@code Globals.Function} merged
 * under each function's properties, intrinsics resolved locally ({@link Intrinsics}), the
 * {@code CodeUri} taken relative to the template's folder, and environment variables resolved by
 * SAM's rules (see {@link #function}).
 */
public final class SamTemplate {

    private static final String FUNCTION_TYPE = "AWS::Serverless::Function";

    private final Path file;
    private final JsonNode root;

    private SamTemplate(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    /** @throws LocalInvokeException when the file cannot be read or has no Resources */
    public static SamTemplate load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new LocalInvokeException("template not found: " + file);
        }
        JsonNode root = CfnYaml.read(file);
        if (!root.path("Resources").isObject()) {
            throw new LocalInvokeException(file + " has no Resources");
        }
        return new SamTemplate(file.toAbsolutePath(), root);
    }

    public Path file() {
        return file;
    }

    /**
     * The resources of this type, by logical id, as written (intrinsic functions appear as
     * {@code {"Ref": ...}}, {@code {"Fn::Sub": ...}} objects).
     */
    public Map<String, JsonNode> resources(String type) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        root.path("Resources").properties().forEach(resource -> {
            if (type.equals(resource.getValue().path("Type").asText())) {
                found.put(resource.getKey(), resource.getValue());
            }
        });
        return found;
    }

    /** The default value of a template parameter, if it has one. */
    public Optional<String> parameterDefault(String name) {
        JsonNode value = root.path("Parameters").path(name).path("Default");
        return value.isMissingNode() || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    /**
     * One of the template's {@code Conditions}, evaluated with these parameter values (over the defaults) and
     * region, as {@code sam local} would: {@code Fn::Equals}, {@code Fn::Not}, {@code Fn::And}, {@code Fn::Or},
     * {@code Condition} over what {@link Intrinsics} resolves. Tools that create a template's resources locally
     * use it to leave out a resource whose {@code Condition} is false.
     *
     * @return the condition's value; empty when the template has no such condition or it cannot be evaluated
     *     locally (a parameter without a value, an intrinsic that is not resolved locally)
     */
    public Optional<Boolean> condition(String name, Overrides overrides) {
        Intrinsics intrinsics = new Intrinsics(parameterValues(overrides.parameters()), root.path("Resources"),
                root.path("Conditions"), overrides.region());
        JsonNode value = intrinsics.resolve(JsonNodeFactory.instance.objectNode().put("Condition", name));
        return value.isBoolean() ? Optional.of(value.booleanValue()) : Optional.empty();
    }

    /**
     * What each function's environment variables (Globals included) name with a plain {@code Ref}: a
     * resource's logical id or a parameter, by variable name, e.g. {@code JOBS_TABLE_NAME -> JobsTable}.
     * Tools that create a template's resources locally use it to tell the functions their names. When
     * two functions bind one variable differently, the first function's binding is kept.
     */
    public Map<String, String> environmentReferences() {
        Map<String, String> references = new LinkedHashMap<>();
        for (String id : functionIds()) {
            JsonNode merged = merge(root.path("Globals").path("Function"),
                    root.path("Resources").path(id).path("Properties"));
            merged.path("Environment").path("Variables").properties().forEach(variable -> {
                JsonNode ref = variable.getValue().path("Ref");
                if (variable.getValue().size() == 1 && ref.isTextual()) {
                    references.putIfAbsent(variable.getKey(), ref.textValue());
                }
            });
        }
        return references;
    }

    /** The logical ids of the template's {@code AWS::Serverless::Function} resources, in template order. */
    public List<String> functionIds() {
        List<String> ids = new ArrayList<>();
        root.path("Resources").properties().forEach(resource -> {
            if (FUNCTION_TYPE.equals(resource.getValue().path("Type").asText())) {
                ids.add(resource.getKey());
            }
        });
        return ids;
    }

    /**
     * The function with this logical id, ready to run. Its environment holds exactly the variables
     * the template declares for it (Globals included); each value is, by rising priority: the
     * template's value (intrinsics resolved, unresolvable ones ""), the shell's variable of the same
     * name, env.json's {@code Parameters}, env.json's entry for this function.
     *
     * @throws LocalInvokeException when there is no such function or it cannot run locally
     */
    public FunctionConfig function(String logicalId, Overrides overrides) {
        JsonNode resource = root.path("Resources").path(logicalId);
        if (!FUNCTION_TYPE.equals(resource.path("Type").asText())) {
            throw new LocalInvokeException("no " + FUNCTION_TYPE + " named " + logicalId + " in " + file
                    + "; functions: " + String.join(", ", functionIds()));
        }
        JsonNode merged = merge(root.path("Globals").path("Function"), resource.path("Properties"));
        Intrinsics intrinsics = new Intrinsics(parameterValues(overrides.parameters()), root.path("Resources"),
                root.path("Conditions"), overrides.region());
        JsonNode properties = intrinsics.resolve(merged);
        if ("Image".equals(properties.path("PackageType").asText())) {
            throw new LocalInvokeException(logicalId + ": image functions are not supported, only zip packages");
        }
        String name = text(properties, "FunctionName", logicalId);
        JsonNode logging = properties.path("LoggingConfig");
        return new FunctionConfig(logicalId, name, required(properties, logicalId, "Handler"),
                required(properties, logicalId, "Runtime"), codeUri(properties, logicalId),
                properties.path("MemorySize").asInt(128), properties.path("Timeout").asInt(3),
                environment(merged.path("Environment").path("Variables"), intrinsics,
                        overrides.envFileValues(logicalId, name), overrides.shellEnv()),
                text(logging, "LogFormat", "Text"), text(logging, "ApplicationLogLevel", ""), overrides.region());
    }

    private Map<String, String> parameterValues(Map<String, String> overrides) {
        Map<String, String> values = new LinkedHashMap<>();
        root.path("Parameters").properties().forEach(parameter -> {
            JsonNode fallback = parameter.getValue().path("Default");
            if (overrides.containsKey(parameter.getKey())) {
                values.put(parameter.getKey(), overrides.get(parameter.getKey()));
            } else if (fallback.isValueNode() && !fallback.isNull()) {
                values.put(parameter.getKey(), fallback.asText());
            }
        });
        return values;
    }

    /** Resolved one by one: a variable whose value is {@code AWS::NoValue} stays declared, with "" (as in SAM). */
    private static Map<String, String> environment(JsonNode declared, Intrinsics intrinsics,
            Map<String, String> envFile, Map<String, String> shell) {
        Map<String, String> variables = new LinkedHashMap<>();
        declared.properties().forEach(variable -> {
            String name = variable.getKey();
            String value = Overrides.envValue(intrinsics.resolve(variable.getValue()));
            value = shell.getOrDefault(name, value);
            variables.put(name, envFile.getOrDefault(name, value));
        });
        return variables;
    }

    private Path codeUri(JsonNode properties, String logicalId) {
        JsonNode codeUri = properties.path("CodeUri");
        if (!codeUri.isTextual()) {
            throw new LocalInvokeException(logicalId + ": CodeUri must be a local path (a zip or a folder)");
        }
        return file.getParent().resolve(codeUri.textValue()).normalize();
    }

    private static String required(JsonNode properties, String logicalId, String field) {
        JsonNode value = properties.path(field);
        if (!value.isValueNode() || value.asText().isBlank()) {
            throw new LocalInvokeException(logicalId + ": " + field + " is missing");
        }
        return value.asText();
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.textValue().isBlank() ? value.textValue() : fallback;
    }

    /** SAM's Globals rule: objects merge key by key (the function's side wins), lists add up, the rest is replaced. */
    static JsonNode merge(JsonNode globals, JsonNode own) {
        if (globals.isMissingNode()) {
            return own.isMissingNode() ? JsonNodeFactory.instance.objectNode() : own;
        }
        if (own.isMissingNode()) {
            return globals;
        }
        if (globals.isObject() && own.isObject() && !isIntrinsic(own)) {
            ObjectNode merged = ((ObjectNode) globals).deepCopy();
            own.properties().forEach(field ->
                    merged.set(field.getKey(), merge(globals.path(field.getKey()), field.getValue())));
            return merged;
        }
        if (globals.isArray() && own.isArray()) {
            return ((ArrayNode) globals).deepCopy().addAll((ArrayNode) own);
        }
        return own;
    }

    private static boolean isIntrinsic(JsonNode node) {
        if (node.size() != 1) {
            return false;
        }
        String key = node.properties().iterator().next().getKey();
        return key.equals("Ref") || key.startsWith("Fn::");
    }
}
