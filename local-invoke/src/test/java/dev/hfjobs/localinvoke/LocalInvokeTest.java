package dev.hfjobs.localinvoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real runtimes: the runtime interface client in a child JVM, polling the local Runtime API. */
class LocalInvokeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> HOST = Map.of("AWS_ACCESS_KEY_ID", "AKIDLOCAL",
            "AWS_SECRET_ACCESS_KEY", "local-secret", "HOST_ONLY", "must-not-leak");

    @TempDir
    static Path project;
    static Path template;

    @BeforeAll
    static void writeProject() {
        template = TestFunctions.writeProject(project);
    }

    private static FunctionConfig function(String id) {
        return LocalInvoke.function(template, id, Overrides.fromEnvFile(project.resolve("env.json")));
    }

    private static Options options() {
        return Options.defaults().withHostEnvironment(HOST);
    }

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    @Test
    void handlerRunsInTheRuntimeInterfaceClientFromTheTaskRoot() throws IOException {
        InvokeResult result = LocalInvoke.invokeOnce(function("EchoFunction"), "{\"hello\":\"world\"}", options());

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCESS);
        JsonNode answer = json(result.payload());
        assertThat(answer.path("event")).isEqualTo(json("{\"hello\":\"world\"}"));
        assertThat(answer.path("classLoader").asText()).endsWith("CustomerClassLoader");
        assertThat(answer.path("userDir").asText()).isEqualTo(answer.path("env").path("LAMBDA_TASK_ROOT").asText());
        assertThat(answer.path("requestId").asText()).isEqualTo(result.requestId());
        assertThat(answer.path("functionArn").asText())
                .isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:EchoFunction");
        assertThat(answer.path("memoryLimitMb").asInt()).isEqualTo(256);
        assertThat(answer.path("remainingMs").asLong()).isBetween(1L, 20_000L);
        assertThat(answer.path("maxHeapBytes").asLong()).isBetween(180L << 20, (long) (256 * 0.85) << 20);
        assertThat(answer.path("jvmArguments").toString())
                .contains("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dlocalinvoke.test=yes");
    }

    @Test
    void environmentFollowsSamRulesAndLambdasOwnVariables() throws IOException {
        InvokeResult result = LocalInvoke.invokeOnce(function("EchoFunction"), "{}", options());

        JsonNode env = json(result.payload()).path("env");
        assertThat(env.path("OVERRIDDEN").asText()).isEqualTo("from-env-json");
        assertThat(env.path("PLAIN").asText()).isEqualTo("from-parameters");
        assertThat(env.path("GREETING").asText()).isEqualTo("hello");
        assertThat(env.path("FROM_GLOBALS").asText()).isEqualTo("globals");
        assertThat(env.path("CONDITIONAL").asText("absent")).isEmpty();
        assertThat(env.has("UNDECLARED")).isFalse();
        assertThat(env.has("ALSO_UNDECLARED")).isFalse();
        assertThat(env.has("HOST_ONLY")).isFalse();
        assertThat(env.path("AWS_ACCESS_KEY_ID").asText()).isEqualTo("AKIDLOCAL");
        assertThat(env.path("AWS_LAMBDA_FUNCTION_NAME").asText()).isEqualTo("EchoFunction");
        assertThat(env.path("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").asText()).isEqualTo("256");
        assertThat(env.path("AWS_LAMBDA_FUNCTION_VERSION").asText()).isEqualTo("$LATEST");
        assertThat(env.path("_HANDLER").asText()).isEqualTo("dev.hfjobs.localinvoke.testfn.EchoHandler::handleRequest");
        assertThat(env.path("AWS_EXECUTION_ENV").asText()).isEqualTo("AWS_Lambda_java21");
        assertThat(env.path("AWS_REGION").asText()).isEqualTo("us-east-1");
        assertThat(env.path("TZ").asText()).isEqualTo(":UTC");
        assertThat(env.path("AWS_LAMBDA_RUNTIME_API").asText()).startsWith("127.0.0.1:");
        assertThat(env.path("AWS_LAMBDA_INITIALIZATION_TYPE").asText()).isEqualTo("on-demand");
    }

    @Test
    void aSnapStartStandInKeepsItsInitializationType() throws IOException {
        FunctionConfig echo = function("EchoFunction");
        Map<String, String> variables = new LinkedHashMap<>(echo.environment());
        variables.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");

        InvokeResult result = LocalInvoke.invokeOnce(echo.withEnvironment(variables), "{}", options());

        assertThat(json(result.payload()).path("env").path("AWS_LAMBDA_INITIALIZATION_TYPE").asText()).as(result.payload())
                .isEqualTo("snap-start");
    }

    @Test
    void coldStartReportsInitDurationAndMemory() {
        InvokeResult result = LocalInvoke.invokeOnce(function("EchoFunction"), "{}", options());

        assertThat(result.coldStart()).isTrue();
        assertThat(result.initDurationMs()).isPositive();
        assertThat(result.durationMs()).isPositive();
        assertThat(result.maxMemoryUsedMb()).isBetween(10L, 256L);
        assertThat(result.reportLine()).startsWith("REPORT RequestId: " + result.requestId())
                .contains("Duration: ", "Memory Size: 256 MB", "Max Memory Used: ", "Init Duration: ");
        assertThat(result.logs()).contains("echo handler: invocation 1", "echo handler logged through the context");
    }

    @Test
    void warmInvocationsReuseTheSameJvm() throws IOException {
        List<InvokeResult> results = new ArrayList<>();
        List<String> streamed = Collections.synchronizedList(new ArrayList<>());
        try (LocalInvoke lambda = LocalInvoke.of(function("EchoFunction"), options().withLogListener(streamed::add))) {
            for (int i = 0; i < 3; i++) {
                results.add(lambda.invoke("{\"n\":" + i + "}"));
            }
        }

        assertThat(results).extracting(InvokeResult::coldStart).containsExactly(true, false, false);
        assertThat(results).extracting(r -> pid(r)).containsOnly(pid(results.get(0)));
        assertThat(results).extracting(r -> invocationNumber(r)).containsExactly(1, 2, 3);
        assertThat(results.get(1).initDurationMs()).isZero();
        assertThat(results.get(1).reportLine()).doesNotContain("Init Duration");
        assertThat(results.get(1).logs()).contains("invocation 2").doesNotContain("invocation 1", "invocation 3");
        assertThat(streamed).contains("echo handler: invocation 1", "echo handler: invocation 3");
    }

    private static long pid(InvokeResult result) {
        try {
            return json(result.payload()).path("pid").asLong();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static int invocationNumber(InvokeResult result) {
        try {
            return json(result.payload()).path("invocation").asInt();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void handlerExceptionComesBackInLambdasErrorShapeAndKeepsTheRuntimeWarm() throws IOException {
        try (LocalInvoke lambda = LocalInvoke.of(function("FailingFunction"), options())) {
            InvokeResult first = lambda.invoke("{}");
            InvokeResult second = lambda.invoke("{}");

            assertThat(first.outcome()).isEqualTo(Outcome.FUNCTION_ERROR);
            assertThat(first.isError()).isTrue();
            JsonNode error = json(first.payload());
            assertThat(error.path("errorMessage").asText()).isEqualTo("boom: the handler failed");
            assertThat(error.path("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
            assertThat(error.path("stackTrace").get(0).asText()).startsWith("dev.hfjobs.localinvoke.testfn.FailingHandler");
            assertThat(first.logs()).contains("boom: the handler failed");
            assertThat(second.outcome()).isEqualTo(Outcome.FUNCTION_ERROR);
            assertThat(second.coldStart()).isFalse();
        }
    }

    @Test
    void timeoutKillsTheRuntimeAndTheNextInvocationIsCold() throws IOException {
        try (LocalInvoke lambda = LocalInvoke.of(function("SlowFunction"), options())) {
            InvokeResult first = lambda.invoke("{}");
            InvokeResult second = lambda.invoke("{}");

            assertThat(first.outcome()).isEqualTo(Outcome.TIMEOUT);
            JsonNode error = json(first.payload());
            assertThat(error.path("errorType").asText()).isEqualTo("Sandbox.Timedout");
            assertThat(error.path("errorMessage").asText())
                    .isEqualTo("RequestId: " + first.requestId() + " Error: Task timed out after 1.00 seconds");
            assertThat(first.durationMs()).isBetween(1000.0, 3000.0);
            assertThat(first.logs()).contains("slow handler: going to sleep");
            assertThat(first.reportLine()).endsWith("Status: timeout");
            assertThat(second.outcome()).isEqualTo(Outcome.TIMEOUT);
            assertThat(second.coldStart()).isTrue();
        }
    }

    @Test
    void constructorFailureIsAnInitError() throws IOException {
        InvokeResult result = LocalInvoke.invokeOnce(function("BrokenInitFunction"), "{}", options());

        assertThat(result.outcome()).isEqualTo(Outcome.INIT_ERROR);
        JsonNode error = json(result.payload());
        assertThat(error.path("errorMessage").asText()).isEqualTo("cannot start: configuration missing");
        assertThat(error.path("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(result.logs()).contains("at dev.hfjobs.localinvoke.testfn.BrokenInitHandler.<init>");
        assertThat(result.reportLine()).contains("Init Duration: ").endsWith("Status: error");
    }

    @Test
    void runtimeThatCannotStartIsARuntimeExitError() throws IOException {
        FunctionConfig badJvmOption = FunctionConfig.of("BadJvm", "dev.hfjobs.localinvoke.testfn.EchoHandler",
                        project.resolve("build/test-functions.zip"))
                .withEnvironment(Map.of("JAVA_TOOL_OPTIONS", "-XX:+NoSuchOption"));

        InvokeResult result = LocalInvoke.invokeOnce(badJvmOption, "{}", options());

        assertThat(result.outcome()).isEqualTo(Outcome.RUNTIME_EXIT);
        JsonNode error = json(result.payload());
        assertThat(error.path("errorType").asText()).isEqualTo("Runtime.ExitError");
        assertThat(error.path("errorMessage").asText())
                .startsWith("RequestId: " + result.requestId() + " Error: Runtime exited");
        assertThat(result.logs()).contains("NoSuchOption");
    }

    @Test
    void missingPackageIsReportedBeforeAnythingRuns() {
        FunctionConfig missing = FunctionConfig.of("Missing", "x.Y::handleRequest", project.resolve("nowhere.zip"));

        assertThatThrownBy(() -> LocalInvoke.invokeOnce(missing, "{}", options()))
                .isInstanceOf(LocalInvokeException.class)
                .hasMessageContaining("deployment package not found");
    }
}
