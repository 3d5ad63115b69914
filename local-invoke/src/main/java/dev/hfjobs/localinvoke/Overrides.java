package dev.hfjobs.localinvoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the developer supplies on top of the template, with {@code sam local invoke}'s meaning:
 *
 * <ul>
 *   <li>{@code functionEnv} and {@code globalEnv}: the env.json file ({@code --env-vars}); an
 *       object per function logical id, and a {@code "Parameters"} object for every function. A
 *       function's own entry wins over {@code Parameters}. They only override variables the
 *       template declares on that function; they never add one.</li>
 *   <li>{@code parameters}: {@code --parameter-overrides}, the values of template parameters.</li>
 *   <li>{@code shellEnv}: the shell environment; SAM lets it override template values of the same
 *       name too (below env.json).</li>
 *   <li>{@code region}: the value of {@code AWS_REGION} and {@code AWS::Region}.</li>
 * </ul>
 */
public record Overrides(Map<String, Map<String, String>> functionEnv, Map<String, String> globalEnv,
        Map<String, String> parameters, Map<String, String> shellEnv, String region) {

    /** SAM's region when the environment names none. */
    public static final String DEFAULT_REGION = "us-east-1";

    private static final ObjectMapper JSON = new ObjectMapper();

    public Overrides {
        functionEnv = Map.copyOf(functionEnv);
        globalEnv = Map.copyOf(globalEnv);
        parameters = Map.copyOf(parameters);
        shellEnv = Map.copyOf(shellEnv);
    }

    /** Nothing overridden: template values only, region us-east-1. */
    public static Overrides none() {
        return new Overrides(Map.of(), Map.of(), Map.of(), Map.of(), DEFAULT_REGION);
    }

    /**
     * Reads an env.json file: {@code {"FunctionId": {"VAR": "value"}, "Parameters": {"VAR": "value"}}}.
     *
     * @throws LocalInvokeException when the file cannot be read or is not such an object
     */
    public static Overrides fromEnvFile(Path envJson) {
        JsonNode root;
        try {
            root = JSON.readTree(envJson.toFile());
        } catch (IOException e) {
            throw new LocalInvokeException("cannot read env vars file " + envJson + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new LocalInvokeException(envJson + " must hold a JSON object");
        }
        Map<String, Map<String, String>> functions = new LinkedHashMap<>();
        Map<String, String> global = Map.of();
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            if (entry.getKey().equals("Parameters")) {
                global = strings(entry.getValue());
            } else if (entry.getValue().isObject()) {
                functions.put(entry.getKey(), strings(entry.getValue()));
            }
        }
        return new Overrides(functions, global, Map.of(), Map.of(), DEFAULT_REGION);
    }

    public Overrides withParameters(Map<String, String> values) {
        return new Overrides(functionEnv, globalEnv, values, shellEnv, region);
    }

    /** SAM's shell rule, and the region from {@code AWS_REGION}/{@code AWS_DEFAULT_REGION} when set. */
    public Overrides withShellEnvironment(Map<String, String> environment) {
        String shellRegion = environment.getOrDefault("AWS_REGION", environment.get("AWS_DEFAULT_REGION"));
        return new Overrides(functionEnv, globalEnv, parameters, environment,
                shellRegion == null || shellRegion.isBlank() ? region : shellRegion);
    }

    public Overrides withRegion(String value) {
        return new Overrides(functionEnv, globalEnv, parameters, shellEnv, value);
    }

    /** env.json's values for one function: {@code Parameters}, then its own entry (by logical id or name) over them. */
    Map<String, String> envFileValues(String logicalId, String functionName) {
        Map<String, String> values = new LinkedHashMap<>(globalEnv);
        values.putAll(functionEnv.getOrDefault(functionName, Map.of()));
        values.putAll(functionEnv.getOrDefault(logicalId, Map.of()));
        return values;
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> values = new LinkedHashMap<>();
        object.properties().forEach(field -> values.put(field.getKey(), envValue(field.getValue())));
        return values;
    }

    /** SAM's stringification: lists, objects and null become "", booleans "true"/"false". */
    static String envValue(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode() || value.isContainerNode()) {
            return "";
        }
        return value.asText();
    }
}
