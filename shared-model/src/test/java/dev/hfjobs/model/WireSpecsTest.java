package dev.hfjobs.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Hub's own bodies, as huggingface_hub sends them to the Hub-compatible routes: every v2 body
 * round-trips to the same bytes, and anything else is refused as strictly as a run_job request.
 */
class WireSpecsTest {
    private static final String SPEC = "\"command\": [\"x\"], \"dockerImage\": \"python:3.12\"";

    private static List<Problem> problems(String json) {
        return switch (WireSpecs.parseJobSpec(Wire.parse(json))) {
            case Validated.Valid<JobSpec> valid -> List.of();
            case Validated.Invalid<JobSpec> invalid -> invalid.problems();
        };
    }

    private static List<Problem> scheduledProblems(String json) {
        return switch (WireSpecs.parseScheduledJob(Wire.parse(json))) {
            case Validated.Valid<ScheduledJobRequest> valid -> List.of();
            case Validated.Invalid<ScheduledJobRequest> invalid -> invalid.problems();
        };
    }

    static java.util.stream.Stream<JsonNode> bodies() throws Exception {
        return JobSpecVectorsTest.bodies();
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("bodies")
    void everyReferenceBodyRoundTripsToTheSameBytesAndTheSameSpec(JsonNode vector) {
        String posted = Wire.write(vector.get("expected"));

        JobSpec spec = WireSpecs.parseJobSpec(Wire.parse(posted)).orThrow();

        assertThat(Wire.write(spec)).isEqualTo(posted);
        assertThat(spec).isEqualTo(JobRequests.parseSubmit(vector.get("request"), Set.of()).orThrow().spec());
    }

    @Test
    void noDefaultNameIsAddedOnTheWire() {
        JobSpec spec = WireSpecs.parseJobSpec(Wire.parse("{" + SPEC + "}")).orThrow();
        assertThat(spec.name()).isEmpty();
        assertThat(Wire.write(spec)).isEqualTo("{\"command\":[\"x\"],\"arguments\":[],\"environment\":{},"
                + "\"flavor\":\"cpu-basic\",\"dockerImage\":\"python:3.12\"}");
    }

    @Test
    void argumentsAreKept() {
        assertThat(WireSpecs.parseJobSpec(Wire.parse("{" + SPEC + ", \"arguments\": [\"--a\", \"1\"]}")).orThrow()
                .arguments()).containsExactly("--a", "1");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // run_job's names are not the wire's: each is a typo that would run on defaults.
        "\"timeout\": 60                         | timeout",
        "\"env\": {\"A\": \"1\"}                 | env",
        "\"name\": \"n\"                         | name",
        "\"namespace\": \"alice\"                | namespace",
        "\"image\": \"python:3.12\"              | image",
        "\"timeoutSecond\": 60                   | timeoutSecond",
        "\"ssh\": {\"enabled\": true, \"key\": \"k\"} | ssh.key",
        "\"network\": {\"group\": \"g\", \"alias\": [\"a\"]} | network.alias",
        "\"volumes\": [{\"type\": \"model\", \"source\": \"a/b\", \"mountPath\": \"/m\", \"ro\": true}] | volumes[0].ro",
        "\"arch\": \"amd64\"                     | arch",
    })
    void unknownFieldAtAnyLevelIsRefused(String extra, String field) {
        assertThat(problems("{" + SPEC + ", " + extra + "}")).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo(field);
            assertThat(p.rule()).startsWith("is not a ");
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "\"timeoutSeconds\": 1.5          | timeoutSeconds",
        "\"timeoutSeconds\": \"60\"       | timeoutSeconds",
        "\"timeoutSeconds\": 0            | timeoutSeconds",
        "\"timeoutSeconds\": -300         | timeoutSeconds",
        "\"timeoutSeconds\": 2147483648   | timeoutSeconds",
        "\"timeoutSeconds\": true         | timeoutSeconds",
        "\"expose\": [8000]               | expose",
        "\"expose\": {}                   | expose.ports",
        "\"expose\": {\"ports\": [0]}     | expose.ports[0]",
        "\"expose\": {\"ports\": [\"80\"]} | expose.ports[0]",
        "\"expose\": {\"ports\": 8000}    | expose.ports",
        "\"ssh\": true                    | ssh",
        "\"ssh\": {}                      | ssh.enabled",
        "\"ssh\": {\"enabled\": \"yes\"}  | ssh.enabled",
        "\"network\": \"g\"               | network",
        "\"network\": {\"aliases\": [\"a\"]} | network.group",
        "\"network\": {\"group\": \"\"}   | network.group",
        "\"network\": {\"group\": \"G\"}  | network.group",
        "\"network\": {\"group\": \"g\", \"aliases\": [\"a\", \"a\"]} | network.aliases[1]",
        "\"network\": {\"group\": \"g\", \"aliases\": \"a\"} | network.aliases",
        "\"resourceGroupId\": \"\"        | resourceGroupId",
        "\"resourceGroupId\": 12          | resourceGroupId",
        "\"environment\": [\"A=1\"]       | environment",
        "\"secrets\": {\"A\": 1}          | secrets.A",
        "\"flavor\": \"A10G\"             | flavor",
        "\"labels\": {\"hfjobs-tracking\": \"x\"} | labels.hfjobs-tracking",
        "\"labels\": {\"name\": \"team/run\"} | labels.name",
        "\"arguments\": \"--a\"           | arguments",
        "\"arguments\": [1]               | arguments[0]",
    })
    void badValueIsRefusedNamingTheWireField(String extra, String field) {
        assertThat(problems("{" + SPEC + ", " + extra + "}")).extracting(Problem::field).containsExactly(field);
    }

    @Test
    void misspeltKeyInsideExposeIsNamedAndThePortsAreMissing() {
        assertThat(problems("{" + SPEC + ", \"expose\": {\"port\": [8000]}}")).extracting(Problem::field)
                .containsExactly("expose.port", "expose.ports");
    }

    @Test
    void exactlyOneImageIsRequired() {
        assertThat(problems("{\"command\": [\"x\"]}")).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("dockerImage");
            assertThat(p.rule()).contains("spaceId");
        });
        assertThat(problems("{" + SPEC + ", \"spaceId\": \"a/b\"}")).singleElement()
                .satisfies(p -> assertThat(p.rule()).isEqualTo("give dockerImage or spaceId, not both"));
        assertThat(problems("{\"command\": [\"x\"], \"spaceId\": \"\"}")).extracting(Problem::field)
                .containsExactly("spaceId");
        assertThat(problems("{\"command\": [\"x\"], \"spaceId\": \"hf.co/spaces/a/b\"}")).extracting(Problem::field)
                .containsExactly("spaceId");
    }

    @Test
    void commandIsRequired() {
        assertThat(problems("{\"dockerImage\": \"python:3.12\"}")).extracting(Problem::field).containsExactly("command");
    }

    @Test
    void everyProblemIsReportedTogether() {
        assertThat(problems("""
                {"command": [], "timeoutSeconds": "1h", "expose": {"ports": [70000]}, "ssh": {"enabled": 1},
                 "network": {"group": "g", "aliases": ["A"]}, "resourceGroupId": "", "typo": 1}"""))
                .extracting(Problem::field).containsExactlyInAnyOrder("typo", "command", "timeoutSeconds",
                        "expose.ports[0]", "ssh.enabled", "network.aliases[0]", "resourceGroupId", "dockerImage");
    }

    @Test
    void capsApplyOnTheWireToo() {
        String labels = IntStream.range(0, 51).mapToObj(i -> "\"k" + i + "\": \"v\"")
                .collect(Collectors.joining(", ", "{", "}"));
        assertThat(problems("{" + SPEC + ", \"labels\": " + labels + "}")).extracting(Problem::field)
                .containsExactly("labels");
        String ports = IntStream.rangeClosed(1, 17).mapToObj(Integer::toString).collect(Collectors.joining(","));
        assertThat(problems("{" + SPEC + ", \"expose\": {\"ports\": [" + ports + "]}}")).extracting(Problem::field)
                .containsExactly("expose.ports");
    }

    @Test
    void derivedNameLongerThanHundredCharactersIsAcceptedButAGivenOneIsNot() {
        String derived = DefaultJobName.fromImage("ghcr.io/org/" + "t".repeat(40) + "@sha256:" + "a".repeat(64),
                List.of("python"));
        assertThat(derived).hasSizeGreaterThan(100);

        assertThat(problems("{" + SPEC + ", \"labels\": {\"name\": \"" + derived + "\"}}")).isEmpty();
        assertThat(problems("{" + SPEC + ", \"labels\": {\"name\": \"" + "n".repeat(101) + "\"}}"))
                .extracting(Problem::field).containsExactly("labels.name");
        assertThat(problems("{" + SPEC + ", \"labels\": {\"name\": \"eval_run.3\"}}")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"spec\"", "null"})
    void bodyThatIsNotAnObjectIsRefused(String json) {
        assertThat(problems(json)).singleElement().extracting(Problem::field).isEqualTo("$");
        assertThat(scheduledProblems(json)).singleElement().extracting(Problem::field).isEqualTo("$");
    }

    @Test
    void scheduledBodyRoundTripsToTheReferencesBytes() {
        // What huggingface_hub 2.0.0's create_scheduled_job posts (concurrency before suspend).
        String posted = "{\"jobSpec\":{\"command\":[\"duckdb\"],\"arguments\":[],\"environment\":{},\"flavor\":"
                + "\"cpu-basic\",\"secrets\":{\"A\":\"b\"},\"timeoutSeconds\":60,\"labels\":{\"name\":"
                + "\"lhoestq-duckdb-a24acb5f\"},\"expose\":{\"ports\":[7860]},\"resourceGroupId\":\"rg1\","
                + "\"spaceId\":\"lhoestq/duckdb\"},\"schedule\":\"@daily\",\"concurrency\":false,\"suspend\":true}";

        ScheduledJobRequest request = WireSpecs.parseScheduledJob(Wire.parse(posted)).orThrow();

        assertThat(request.requestedNamespace()).isEmpty();
        assertThat(request.schedule()).isEqualTo("@daily");
        assertThat(Wire.write(request.body(request.spec()))).isEqualTo(posted);
    }

    @Test
    void scheduledBodyWithoutFlagsLeavesThemOut() {
        String posted = "{\"jobSpec\":{\"command\":[\"python\",\"job.py\"],\"arguments\":[],\"environment\":{},"
                + "\"flavor\":\"cpu-basic\",\"labels\":{\"name\":\"nightly\"},\"dockerImage\":\"python:3.12\"},"
                + "\"schedule\":\"0 3 * * *\"}";
        ScheduledJobRequest request = WireSpecs.parseScheduledJob(Wire.parse(posted)).orThrow();
        assertThat(Wire.write(request.body(request.spec()))).isEqualTo(posted);
    }

    @Test
    void scheduledProblemsAreNamedUnderJobSpec() {
        assertThat(scheduledProblems("""
                {"jobSpec": {"command": ["x"], "dockerImage": "python:3.12", "ssh": {"enabled": true},
                             "network": {"group": "g"}, "timeoutSeconds": 0, "typo": 1},
                 "schedule": "61 * * * *", "suspend": "no", "cron": "x"}"""))
                .extracting(Problem::field).containsExactlyInAnyOrder("cron", "jobSpec.ssh", "jobSpec.network",
                        "jobSpec.typo", "jobSpec.timeoutSeconds", "schedule", "suspend");
        assertThat(scheduledProblems("{\"jobSpec\": {" + SPEC + ", \"ssh\": {\"enabled\": true}}, \"schedule\": \"@daily\"}"))
                .singleElement().satisfies(p -> assertThat(p.rule()).contains("create_scheduled_job"));
    }

    @Test
    void scheduledBodyNeedsAJobSpecAndASchedule() {
        assertThat(scheduledProblems("{}")).extracting(Problem::field).containsExactly("jobSpec", "schedule");
        assertThat(scheduledProblems("{\"jobSpec\": [], \"schedule\": \"@daily\"}")).extracting(Problem::field)
                .containsExactly("jobSpec");
    }

    private static List<Problem> labelProblems(String json) {
        return switch (WireSpecs.parseLabels(Wire.parse(json))) {
            case Validated.Valid<Map<String, String>> valid -> List.of();
            case Validated.Invalid<Map<String, String>> invalid -> invalid.problems();
        };
    }

    @Test
    void labelUpdateKeepsTheLabelsAndTheNameInOrder() {
        Validated<Map<String, String>> parsed = WireSpecs.parseLabels(Wire.parse(
                "{\"labels\": {\"team\": \"ml\", \"empty\": \"\", \"name\": \"python-3-12-86a55336\"}}"));

        assertThat(parsed.orThrow()).containsExactly(Map.entry("team", "ml"), Map.entry("empty", ""),
                Map.entry("name", "python-3-12-86a55336"));
        assertThat(WireSpecs.parseLabels(Wire.parse("{\"labels\": {}}")).orThrow()).isEmpty();
    }

    @Test
    void labelUpdateRefusesTrackingKeysBadShapesAndTooMany() {
        assertThat(labelProblems("{\"labels\": {\"hfjobs-tracking\": \"x\"}}")).extracting(Problem::field)
                .containsExactly("labels.hfjobs-tracking");
        assertThat(labelProblems("{\"labels\": [\"a\"]}")).extracting(Problem::field).containsExactly("labels");
        assertThat(labelProblems("{}")).extracting(Problem::field).containsExactly("labels");
        assertThat(labelProblems("{\"labels\": {}, \"extra\": 1}")).extracting(Problem::field)
                .containsExactly("extra");
        StringBuilder many = new StringBuilder("{\"labels\": {");
        for (int i = 0; i <= JobRequests.MAX_LABELS; i++) {
            many.append(i == 0 ? "" : ", ").append("\"k").append(i).append("\": \"v\"");
        }
        assertThat(labelProblems(many.append("}}").toString())).singleElement()
                .satisfies(p -> assertThat(p.rule()).contains("at most " + JobRequests.MAX_LABELS));
    }
}
