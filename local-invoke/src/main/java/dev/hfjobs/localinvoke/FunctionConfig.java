package dev.hfjobs.localinvoke;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One function as Lambda would run it: everything the local runtime needs, already resolved.
 *
 * @param logicalId     the template's logical id, e.g. {@code ApiFunction}
 * @param functionName  {@code FunctionName} when the template gives one, else the logical id
 * @param handler       e.g. {@code dev.hfjobs.api.ApiFunction::handleRequest}
 * @param runtime       e.g. {@code java21}
 * @param codeUri       the deployment package: a zip, or a folder laid out like one
 * @param memorySizeMb  {@code MemorySize} (SAM's default 128)
 * @param timeoutSeconds {@code Timeout} (SAM's default 3)
 * @param environment   the function's own variables, resolved (template, shell, env.json)
 * @param logFormat     {@code LoggingConfig.LogFormat}: {@code Text} or {@code JSON}
 * @param logLevel      {@code LoggingConfig.ApplicationLogLevel}, or "" when not set
 * @param region        the region the function believes it runs in
 */
public record FunctionConfig(String logicalId, String functionName, String handler, String runtime, Path codeUri,
        int memorySizeMb, int timeoutSeconds, Map<String, String> environment, String logFormat, String logLevel,
        String region) {

    private static final Pattern JAVA_RUNTIME = Pattern.compile("java(\\d+)");

    public FunctionConfig {
        environment = Map.copyOf(environment);
        if (memorySizeMb < 128 || timeoutSeconds < 1) {
            throw new LocalInvokeException(logicalId + ": MemorySize must be at least 128 and Timeout at least 1");
        }
    }

    /** A function outside any template, with SAM's defaults (java21, 128 MB, 3 s, no variables). */
    public static FunctionConfig of(String name, String handler, Path codeUri) {
        return new FunctionConfig(name, name, handler, "java21", codeUri, 128, 3, Map.of(), "Text", "",
                Overrides.DEFAULT_REGION);
    }

    public FunctionConfig withMemorySize(int megabytes) {
        return new FunctionConfig(logicalId, functionName, handler, runtime, codeUri, megabytes, timeoutSeconds,
                environment, logFormat, logLevel, region);
    }

    public FunctionConfig withTimeout(int seconds) {
        return new FunctionConfig(logicalId, functionName, handler, runtime, codeUri, memorySizeMb, seconds,
                environment, logFormat, logLevel, region);
    }

    public FunctionConfig withEnvironment(Map<String, String> variables) {
        return new FunctionConfig(logicalId, functionName, handler, runtime, codeUri, memorySizeMb, timeoutSeconds,
                variables, logFormat, logLevel, region);
    }

    /** The Java feature version the runtime names: 21 for {@code java21}. */
    public int javaVersion() {
        Matcher java = JAVA_RUNTIME.matcher(runtime);
        if (!java.lookingAt()) {
            throw new LocalInvokeException(logicalId + ": runtime " + runtime + " is not a Java runtime");
        }
        return Integer.parseInt(java.group(1));
    }

    /** The ARN Lambda would hand the runtime as the invoked function. */
    public String functionArn() {
        return "arn:aws:lambda:" + region + ":" + Intrinsics.ACCOUNT_ID + ":function:" + functionName;
    }
}
