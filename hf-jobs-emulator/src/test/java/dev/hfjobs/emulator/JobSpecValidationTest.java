package dev.hfjobs.emulator;

import static dev.hfjobs.emulator.HubClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
                invalid("volumes must", "volumes as object", spec -> spec.putObject("volumes")),
                invalid("label 'name'", "name with a slash", spec -> spec.putObject("labels").put("name", "team/run")),
                invalid("label 'name'", "name as a number", spec -> spec.putObject("labels").put("name", 7)),
                invalid("expose.ports", "port zero", spec -> ports(spec).add(0)),
                invalid("expose.ports", "port above 65535", spec -> ports(spec).add(70_000)),
                invalid("expose.ports", "port as text", spec -> ports(spec).add("8000")),
                invalid("expose.ports", "port twice", spec -> ports(spec).add(8000).add(8000)),
                invalid("expose must", "expose as a bare list", spec -> spec.putArray("expose").add(8000)),
                invalid("ssh must", "ssh as text", spec -> spec.put("ssh", "yes")),
                invalid("ssh must", "ssh enabled as text", spec -> spec.putObject("ssh").put("enabled", "yes")),
                invalid("network.group", "empty network group", spec -> spec.putObject("network").put("group", "")),
                invalid("network.group", "uppercase network group", spec -> spec.putObject("network").put("group", "Train")),
                invalid("network.group", "network group of 47", spec -> spec.putObject("network").put("group", "g".repeat(47))),
                invalid("network.group", "aliases without a group", spec -> spec.putObject("network").putArray("aliases").add("a")),
                invalid("network.aliases", "aliases as text", spec -> network(spec).put("aliases", "master")),
                invalid("network.aliases", "alias of 35", spec -> network(spec).putArray("aliases").add("a".repeat(35))),
                invalid("network.aliases", "alias claimed twice", spec -> network(spec).putArray("aliases").add("db").add("db")),
                invalid("resourceGroupId", "resource group as a number", spec -> spec.put("resourceGroupId", 12)),
                invalid("resourceGroupId", "empty resource group", spec -> spec.put("resourceGroupId", "")));
    }

    private static ArrayNode ports(ObjectNode spec) {
        return spec.putObject("expose").putArray("ports");
    }

    private static ObjectNode network(ObjectNode spec) {
        return spec.putObject("network").put("group", "train");
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
    void newerFieldsAreEchoedAndAnsweredWithTheirUrls() throws IOException {
        ObjectNode spec = HubClient.spec();
        spec.putObject("expose").putArray("ports").add(8000).add(1).add(65_535);
        spec.putObject("ssh").put("enabled", true);
        spec.putObject("network").put("group", "train").putArray("aliases").add("master");
        spec.put("resourceGroupId", "rg-ml-team");

        JsonNode job = alice.createJob("alice", spec);

        String id = job.path("id").asText();
        assertThat(job.path("status").path("exposeUrls")).extracting(JsonNode::asText).containsExactly(
                "https://" + id + "--8000.hf.jobs", "https://" + id + "--1.hf.jobs", "https://" + id + "--65535.hf.jobs");
        assertThat(job.path("status").path("sshUrl").asText()).isEqualTo("ssh://" + id + "@ssh.hf.jobs");
        assertThat(job.path("network").toString()).isEqualTo("{\"group\":\"train\",\"aliases\":[\"master\"]}");
        assertThat(job.path("expose")).isEqualTo(spec.path("expose"));
        assertThat(job.path("resourceGroupId").asText()).isEqualTo("rg-ml-team");
    }

    @Test
    void withoutNewerFieldsExposeUrlsAndNetworkAreNullAndSshUrlAbsent() throws IOException {
        JsonNode job = alice.createJob("alice", HubClient.spec());

        assertThat(job.path("status").path("exposeUrls").isNull()).isTrue();
        assertThat(job.path("status").has("sshUrl")).isFalse();
        assertThat(job.path("network").isNull()).isTrue();
        assertThat(job.has("expose") || job.has("ssh") || job.has("resourceGroupId")).isFalse();
    }

    @Test
    void sshDisabledIsAcceptedAndGivesNoSshUrl() throws IOException {
        ObjectNode spec = HubClient.spec();
        spec.putObject("ssh").put("enabled", false);

        JsonNode job = alice.createJob("alice", spec);

        assertThat(job.path("status").has("sshUrl")).isFalse();
    }

    @Test
    void theNameLabelFollowsTheJobNameRuleDotsAndLengthIncluded() throws IOException {
        String longName = "registry-example-com-team-" + "x".repeat(90) + "-5b89f759";

        JsonNode dotted = alice.createJob("alice", HubClient.labeled("name", "sft-qwen2-0.5b"));
        JsonNode longOne = alice.createJob("alice", HubClient.labeled("name", longName));

        assertThat(dotted.path("labels").path("name").asText()).isEqualTo("sft-qwen2-0.5b");
        assertThat(longOne.path("labels").path("name").asText()).isEqualTo(longName);
    }
}
