package dev.hfjobs.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfjobs.devstack.ProjectFiles;
import dev.hfjobs.localinvoke.FunctionConfig;
import dev.hfjobs.localinvoke.InvokeResult;
import dev.hfjobs.localinvoke.LocalInvoke;
import dev.hfjobs.localinvoke.Options;
import dev.hfjobs.localinvoke.SamTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain cold start of {@code ApiFunction}, from the deployment zip through the real runtime
 * client, submits a job without loading Jackson's data-binding mapper or a bean serializer: those
 * cost a cold start a few hundred milliseconds of CPU, and the submit's JSON goes through the
 * streaming layer instead ({@code Wire}, {@code ModelJson}). The JVM's own class-load log says what
 * loaded. Needs the zip, which {@code mvn verify} builds in the functions module before this one.
 */
class ColdSubmitClassesTest {
    private final Path root = ProjectFiles.root();

    @Test
    void coldSubmitThroughThePackageNeverLoadsTheDataBindingMapper(@TempDir Path work) throws IOException {
        Path envJson = Packaged.envJsonOnFreePorts(root, work);
        Path classLog = work.resolve("classes.log");
        SamTemplate template = SamTemplate.load(root.resolve("template.yaml"));
        InvokeResult result;
        try (LocalUp up = LocalUp.start(LocalUp.Settings.fromEnvJson(root.resolve("template.yaml"), envJson, work))) {
            FunctionConfig api = template.function("ApiFunction", up.overrides());
            Map<String, String> env = new HashMap<>(api.environment());
            env.merge("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + classLog, (a, b) -> a + " " + b);
            Options options = Packaged.invokeOptions(root);
            try (LocalInvoke lambda = LocalInvoke.of(api.withEnvironment(env), options)) {
                result = lambda.invoke(Files.readString(root.resolve("events/api-submit-v2.json")));
            }
        }

        assertThat(result.isError()).as(result.payload()).isFalse();
        assertThat(result.payload()).contains("\"statusCode\":201");
        // "[0.123s][info][class,load] com.example.Name source: ...": the JSON classes that loaded.
        List<String> loaded = Files.readAllLines(classLog).stream()
                .map(line -> line.substring(line.indexOf("] ", line.indexOf("class,load")) + 2).split(" ")[0])
                .filter(name -> name.startsWith("com.fasterxml.jackson.databind.")
                        || name.startsWith("dev.hfjobs.model."))
                .toList();
        assertThat(loaded).as("the JSON classes of the class-load log")
                .doesNotContain("com.fasterxml.jackson.databind.ObjectMapper", "dev.hfjobs.model.Wire$Mapper",
                        "com.fasterxml.jackson.databind.ser.BeanSerializer",
                        "com.fasterxml.jackson.databind.deser.BeanDeserializer")
                .contains("dev.hfjobs.model.ModelJson", "com.fasterxml.jackson.databind.node.ObjectNode");
    }
}
