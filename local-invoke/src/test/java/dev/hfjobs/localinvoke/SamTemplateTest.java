package dev.hfjobs.localinvoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SamTemplateTest {

    @TempDir
    static Path project;
    static SamTemplate template;

    @BeforeAll
    static void writeProject() {
        template = SamTemplate.load(TestFunctions.writeProject(project));
    }

    private static Map<String, String> echoEnvironment(Overrides overrides) {
        return template.function("EchoFunction", overrides).environment();
    }

    @Test
    void functionsAreListedInTemplateOrder() {
        assertThat(template.functionIds())
                .containsExactly("EchoFunction", "FailingFunction", "SlowFunction", "BrokenInitFunction");
    }

    @Test
    void environmentReferencesNameWhatEachVariableRefs() {
        assertThat(template.environmentReferences())
                .containsExactly(Map.entry("GREETING", "Greeting"), Map.entry("STAGE", "Stage"),
                        Map.entry("QUEUE_REF", "Queue"));
    }

    @Test
    void globalsApplyUnderEachFunctionsOwnProperties() {
        FunctionConfig slow = template.function("SlowFunction", Overrides.none());

        assertThat(slow.timeoutSeconds()).isEqualTo(1);
        assertThat(slow.memorySizeMb()).isEqualTo(256);
        assertThat(slow.runtime()).isEqualTo("java21");
        assertThat(slow.javaVersion()).isEqualTo(21);
        assertThat(slow.environment()).containsExactly(Map.entry("FROM_GLOBALS", "globals"));
        assertThat(echoEnvironment(Overrides.none())).containsEntry("FROM_GLOBALS", "globals").containsKey("GREETING");
    }

    @Test
    void codeUriIsTakenRelativeToTheTemplatesFolder() {
        assertThat(template.function("EchoFunction", Overrides.none()).codeUri())
                .isEqualTo(project.toAbsolutePath().resolve("build/test-functions.zip"));
    }

    @Test
    void refToAParameterGivesItsDefaultOrItsOverride() {
        assertThat(echoEnvironment(Overrides.none())).containsEntry("GREETING", "hello").containsEntry("STAGE", "");
        assertThat(echoEnvironment(Overrides.none().withParameters(Map.of("Greeting", "hi", "Stage", "dev"))))
                .containsEntry("GREETING", "hi").containsEntry("STAGE", "dev");
    }

    @Test
    void intrinsicsResolveToLocalStandIns() {
        Map<String, String> env = echoEnvironment(Overrides.none().withRegion("eu-west-1"));

        assertThat(env).containsEntry("QUEUE_ARN", "arn:aws:sqs:eu-west-1:123456789012:Queue")
                .containsEntry("QUEUE_REF", "Queue")
                .containsEntry("BUS", "local-bus-eu-west-1")
                .containsEntry("CONDITIONAL", "");
    }

    @Test
    void ifFollowsTheTemplatesConditions() {
        assertThat(echoEnvironment(Overrides.none())).containsEntry("CONDITIONAL", "").containsEntry("MODE", "");
        assertThat(echoEnvironment(Overrides.none().withParameters(Map.of("Stage", "prod"))))
                .containsEntry("CONDITIONAL", "a")
                .containsEntry("MODE", "loud")
                .containsEntry("NO_VALUE_OUTSIDE_PROD", "set");
        assertThat(echoEnvironment(Overrides.none().withParameters(Map.of("Stage", "test"))))
                .containsEntry("CONDITIONAL", "b")
                .containsEntry("MODE", "quiet")
                .containsEntry("FIRST_PART", "hello");
    }

    @Test
    void conditionsFollowTheParameterValuesAndNestedConditions() {
        Overrides prod = Overrides.none().withParameters(Map.of("Stage", "prod"));
        Overrides test = Overrides.none().withParameters(Map.of("Stage", "test"));

        assertThat(template.condition("IsProd", prod)).contains(true);
        assertThat(template.condition("IsProd", test)).contains(false);
        assertThat(template.condition("DefaultGreetingOutsideProd", test)).contains(true);
        assertThat(template.condition("DefaultGreetingOutsideProd", prod)).contains(false);
        // Stage has no default: without a value the condition cannot be told.
        assertThat(template.condition("IsProd", Overrides.none())).isEmpty();
        assertThat(template.condition("NoSuchCondition", test)).isEmpty();
    }

    @Test
    void noValueLeavesTheVariableDeclaredAndEmptySoEnvJsonCanSetIt() {
        Overrides stageTest = Overrides.none().withParameters(Map.of("Stage", "test"));

        assertThat(echoEnvironment(stageTest)).containsEntry("NO_VALUE_OUTSIDE_PROD", "");
        assertThat(echoEnvironment(new Overrides(Map.of(), Map.of("NO_VALUE_OUTSIDE_PROD", "from-env-json"),
                Map.of("Stage", "test"), Map.of(), "us-east-1")))
                .containsEntry("NO_VALUE_OUTSIDE_PROD", "from-env-json");
    }

    @Test
    void envJsonOverridesDeclaredVariablesAndNeverAddsOne() {
        Map<String, String> env = echoEnvironment(Overrides.fromEnvFile(project.resolve("env.json")));

        assertThat(env).containsEntry("OVERRIDDEN", "from-env-json")
                .containsEntry("PLAIN", "from-parameters")
                .containsEntry("GREETING", "hello")
                .doesNotContainKeys("UNDECLARED", "ALSO_UNDECLARED");
    }

    @Test
    void shellEnvironmentOverridesTemplateValuesButNotEnvJson() {
        Overrides overrides = Overrides.fromEnvFile(project.resolve("env.json"))
                .withShellEnvironment(Map.of("GREETING", "from-shell", "PLAIN", "from-shell", "SHELL_ONLY", "x"));

        assertThat(echoEnvironment(overrides)).containsEntry("GREETING", "from-shell")
                .containsEntry("PLAIN", "from-parameters")
                .doesNotContainKey("SHELL_ONLY");
    }

    @Test
    void shellRegionBecomesTheFunctionsRegion() {
        FunctionConfig echo = template.function("EchoFunction",
                Overrides.none().withShellEnvironment(Map.of("AWS_DEFAULT_REGION", "ap-south-1")));

        assertThat(echo.region()).isEqualTo("ap-south-1");
        assertThat(echo.functionArn()).isEqualTo("arn:aws:lambda:ap-south-1:123456789012:function:EchoFunction");
    }

    @Test
    void unknownFunctionNamesTheOnesThatExist() {
        assertThatThrownBy(() -> template.function("Queue", Overrides.none()))
                .isInstanceOf(LocalInvokeException.class)
                .hasMessageContaining("EchoFunction, FailingFunction, SlowFunction, BrokenInitFunction");
    }

    @Test
    void parameterOverridesAcceptSamsForms() {
        var args = new ArrayDeque<>(List.of("A=1 B=two", "ParameterKey=C,ParameterValue=x=y", "D=", "--next"));

        assertThat(Main.Arguments.parameterOverrides(args))
                .containsExactly(Map.entry("A", "1"), Map.entry("B", "two"), Map.entry("C", "x=y"), Map.entry("D", ""));
        assertThat(args).containsExactly("--next");
    }
}
