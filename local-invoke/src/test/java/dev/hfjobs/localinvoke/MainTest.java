package dev.hfjobs.localinvoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    @TempDir
    static Path project;
    static Path template;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void writeProject() throws IOException {
        template = TestFunctions.writeProject(project);
        Files.writeString(project.resolve("event.json"), "{\"from\":\"file\"}");
    }

    private int run(InputStream stdin, String... args) {
        return Main.run(List.of(args), stdin, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
    }

    private int run(String... args) {
        return run(InputStream.nullInputStream(), args);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void answerGoesToStdoutAndTheReportToStderr() throws IOException {
        int status = run("-t", template.toString(), "-e", project.resolve("event.json").toString(),
                "-n", project.resolve("env.json").toString(), "EchoFunction");

        assertThat(status).isZero();
        JsonNode answer = new ObjectMapper().readTree(stdout());
        assertThat(answer.path("event").path("from").asText()).isEqualTo("file");
        assertThat(answer.path("env").path("OVERRIDDEN").asText()).isEqualTo("from-env-json");
        assertThat(stderr()).contains("echo handler: invocation 1", "END RequestId: ", "REPORT RequestId: ",
                "Init Duration: ");
    }

    @Test
    void eventDashReadsStdin() throws IOException {
        var stdin = new ByteArrayInputStream("{\"from\":\"stdin\"}".getBytes(StandardCharsets.UTF_8));

        int status = run(stdin, "--template", template.toString(), "--event", "-", "EchoFunction");

        assertThat(status).isZero();
        assertThat(new ObjectMapper().readTree(stdout()).path("event").path("from").asText()).isEqualTo("stdin");
    }

    @Test
    void functionErrorPrintsLambdasErrorDocumentAndExitsNonZero() {
        int status = run("-t", template.toString(), "FailingFunction");

        assertThat(status).isEqualTo(Main.FUNCTION_ERROR);
        assertThat(stdout()).contains("\"errorType\":\"java.lang.IllegalStateException\"");
    }

    @Test
    void repeatInvokesTheSameWarmRuntime() {
        int status = run("-t", template.toString(), "--repeat", "2", "EchoFunction");

        assertThat(status).isZero();
        assertThat(stdout().lines()).hasSize(2);
        List<String> reports = stderr().lines().filter(line -> line.startsWith("REPORT")).toList();
        assertThat(reports).hasSize(2);
        assertThat(reports.get(0)).contains("Init Duration");
        assertThat(reports.get(1)).doesNotContain("Init Duration");
    }

    @Test
    void missingFunctionIdNeedsATemplateWithOneFunction() {
        int status = run("-t", template.toString());

        assertThat(status).isEqualTo(Main.USAGE);
        assertThat(stderr()).contains("name the function to invoke, one of: EchoFunction");
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertThat(run("--docker-network", "x", "EchoFunction")).isEqualTo(Main.USAGE);
        assertThat(stderr()).contains("unexpected argument --docker-network", "usage: local-invoke");
    }
}
