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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An environment Lambda initializes ahead of its traffic (provisioned concurrency) primes during
 * its init, through the package and the real runtime client, and then serves its first request
 * from the real wiring. Needs the zip, which {@code mvn verify} builds in the functions module
 * before this one.
 */
class ProvisionedConcurrencyTest {
    private final Path root = ProjectFiles.root();

    @Test
    void aProvisionedApiFunctionPrimesInItsInitAndThenSubmitsForReal(@TempDir Path work) throws IOException {
        Path envJson = Packaged.envJsonOnFreePorts(root, work);
        SamTemplate template = SamTemplate.load(root.resolve("template.yaml"));
        InvokeResult first;
        try (LocalUp up = LocalUp.start(LocalUp.Settings.fromEnvJson(root.resolve("template.yaml"), envJson, work))) {
            FunctionConfig api = template.function("ApiFunction", up.overrides());
            Map<String, String> env = new HashMap<>(api.environment());
            env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "provisioned-concurrency");
            Options options = Packaged.invokeOptions(root);
            int jobsBefore = up.hub().jobs().size();
            try (LocalInvoke lambda = LocalInvoke.of(api.withEnvironment(env), options)) {
                first = lambda.invoke(Files.readString(root.resolve("events/api-submit-v2.json")));
            }
            assertThat(up.hub().jobs()).as("the rehearsals reached no Hub but their own stand-in")
                    .hasSize(jobsBefore + 1);
        }

        assertThat(first.isError()).as(first.payload()).isFalse();
        assertThat(first.payload()).contains("\"statusCode\":201");
        assertThat(first.logs().lines().filter(line -> line.contains("\"primed\"")).toList())
                .as("the init's log lines").singleElement().asString().contains("\"for\":\"provisioned-concurrency\"");
        // The template's JVM flags make C1 compile after 10 calls, so the rehearsal goes by rounds of 10.
        assertThat(first.logs().lines().filter(line -> line.contains("\"rehearsed\"")).toList())
                .as("the rehearsal's log line").singleElement().asString().contains("\"jitThreshold\":10");
    }
}
