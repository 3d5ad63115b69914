package dev.hfjobs.emulator;

import static dev.hfjobs.emulator.HubClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JobSpecValidationTest extends EmulatorTest {


    static Stream<Arguments> invalidSpecs() {
        return Stream.of(
                invalid("command", "missing command", spec -> spec.remove("command")),
                invalid("command", "empty command", spec -> spec.putArray("command")),
                invalid("command", "command of numbers", spec -> spec.putArray("command").add(1)),
                invalid("command", "command as a string", spec -> spec.put("command", "echo hi")),
                invalid("arguments", "arguments not strings", spec -> spec.putArray("arguments").add(true)),
                invalid("dockerImage", "no image", spec -> spec.remove("dockerImage")),
                invalid("dockerImage", "two images", spec -> spec.put("spaceId", "a/b")),
                invalid("dockerImage", "blank image", spec -> spec.put("dockerImage", " ")),
                invalid("flavor", "unknown flavor", spec -> spec.put("flavor", "tpu-v9")),
                invalid("flavor", "flavor not a string", spec -> spec.put("flavor", 3)),
                invalid("timeoutSeconds", "zero timeout", spec -> spec.put("timeoutSeconds", 0)),
                invalid("timeoutSeconds", "negative timeout", spec -> spec.put("timeoutSeconds", -5)),
                invalid("timeoutSeconds", "fractional timeout", spec -> spec.put("timeoutSeconds", 1.5)),
                invalid("timeoutSeconds", "timeout as text", spec -> spec.put("timeoutSeconds", "2h")),
                invalid("environment", "environment not an object", spec -> spec.putArray("environment")),
                invalid("environment.N", "environment number", spec -> spec.putObject("environment").put("N", 1)),
                invalid("secrets.S", "secret number", spec -> spec.putObject("secrets").put("S", 1)),
                invalid("label key", "label key with space", spec -> spec.putObject("labels").put("a b", "x")),
                invalid("label 'k'", "label value with dot", spec -> spec.putObject("labels").put("k", "v.1")),
                invalid("label key", "label key too long", spec -> spec.putObject("labels").put("k".repeat(101), "v")),
                invalid("label 'k'", "label value too long", spec -> spec.putObject("labels").put("k", "v".repeat(101))),
                invalid("volumes[0].type", "volume type", spec -> volume(spec).put("type", "disk")),
                invalid("volumes[0].source", "volume without source", spec -> volume(spec).remove("source")),
                invalid("volumes[0].mountPath", "relative mount path", spec -> volume(spec).put("mountPath", "data")),
                invalid("volumes[0].readOnly", "readOnly as text", spec -> volume(spec).put("readOnly", "yes")),
                invalid("volumes must", "volumes as object", spec -> spec.putObject("volumes")));
    }

    private static Arguments invalid(String mentioned, String scenario, Consumer<ObjectNode> breaking) {
        return Arguments.of(scenario, breaking, mentioned);
    }

    private static ObjectNode volume(ObjectNode spec) {
        return spec.putArray("volumes").addObject().put("type", "bucket").put("source", "alice/b")
                .put("mountPath", "/out");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSpecs")
    void invalidSpecIs400NamingTheProblem(String scenario, Consumer<ObjectNode> breaking, String mentioned)
            throws IOException {
        ObjectNode spec = HubClient.spec();
        breaking.accept(spec);

        HttpResponse<String> response = alice.post("/api/jobs/alice", spec);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("X-Error-Message").orElseThrow()).contains(mentioned);
        assertThat(emulator.createdJobCount()).isZero();
    }

    @Test
    void everyProblemIsReportedAtOnce() throws IOException {
        HttpResponse<String> response = alice.post("/api/jobs/alice", """
                {"command": [], "flavor": "nope", "timeoutSeconds": -1}""");

        assertThat(json(response).path("error").asText())
                .contains("command", "dockerImage", "flavor", "timeoutSeconds");
    }

    @Test
    void omittedOptionalFieldsTakeTheHubDefaults() throws IOException {
        JsonNode job = alice.createJob("alice", HubClient.MAPPER.readTree("""
                {"command": ["sh", "-c", ""], "dockerImage": "ubuntu"}"""));

        assertThat(job.path("flavor").asText()).isEqualTo("cpu-basic");
        assertThat(job.path("timeoutSeconds").asLong()).isEqualTo(1800);
        assertThat(job.path("arguments").isEmpty()).isTrue();
        assertThat(job.path("command").get(2).asText()).isEmpty();
    }

    @Test
    void newerFieldsAreEchoed() throws IOException {
        ObjectNode spec = HubClient.spec();
        spec.putObject("expose").putArray("ports").add(8000);
        spec.putObject("ssh").put("enabled", true);
        spec.putObject("network").put("group", "train").putArray("aliases").add("master");

        JsonNode job = alice.createJob("alice", spec);

        assertThat(job.path("network").path("group").asText()).isEqualTo("train");
        String id = job.path("id").asText();
        assertThat(job.path("status").path("exposeUrls").get(0).asText()).isEqualTo("https://" + id + "--8000.hf.jobs");
        assertThat(job.path("status").path("sshUrl").asText()).isEqualTo("ssh://" + id + "@ssh.hf.jobs");
    }
}
