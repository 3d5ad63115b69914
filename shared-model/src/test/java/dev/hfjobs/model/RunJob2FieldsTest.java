package dev.hfjobs.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * run_job 2.0's parameters in a submit request: {@code name} (and the default name), {@code expose},
 * {@code ssh}, {@code network_group}, {@code network_aliases}, {@code resource_group_id}; the rules the
 * reference documents without checking them, and the project's caps.
 */
class RunJob2FieldsTest {
    private static final String JOB = "\"image\": \"python:3.12\", \"command\": [\"x\"]";

    private static List<Problem> problems(String json) {
        return switch (JobRequests.parseSubmit(Wire.parse(json), Set.of())) {
            case Validated.Valid<SubmitRequest> valid -> List.of();
            case Validated.Invalid<SubmitRequest> invalid -> invalid.problems();
        };
    }

    private static JobSpec spec(String json) {
        return JobRequests.parseSubmit(Wire.parse(json), Set.of()).orThrow().spec();
    }

    @Test
    void everyNewFieldInTheReferencesOrder() {
        // hf-jobs-api.md's example; the bytes are what huggingface_hub 2.0.0 posts for these arguments.
        JobSpec spec = spec("""
                {"image": "python:3.12", "command": ["echo", "hi"], "secrets": {"HF_TOKEN": "hf_x"}, "timeout": "1.5h",
                 "name": "demo", "labels": {"team": "ml"}, "expose": [8000], "ssh": true, "network_group": "train",
                 "network_aliases": ["master"], "resource_group_id": "rg1"}""");

        assertThat(Wire.write(spec)).isEqualTo("{\"command\":[\"echo\",\"hi\"],\"arguments\":[],\"environment\":{},"
                + "\"flavor\":\"cpu-basic\",\"secrets\":{\"HF_TOKEN\":\"hf_x\"},\"timeoutSeconds\":5400,\"labels\":"
                + "{\"team\":\"ml\",\"name\":\"demo\"},\"expose\":{\"ports\":[8000]},\"ssh\":{\"enabled\":true},"
                + "\"network\":{\"group\":\"train\",\"aliases\":[\"master\"]},\"resourceGroupId\":\"rg1\","
                + "\"dockerImage\":\"python:3.12\"}");
        assertThat(spec.name()).contains("demo");
        assertThat(spec.exposedPorts()).containsExactly(8000);
        assertThat(spec.sshEnabled()).isTrue();
        assertThat(spec.network()).isEqualTo(new JobNetwork("train", List.of("master")));
        assertThat(spec.resourceGroup()).contains("rg1");
    }

    @Test
    void controlAndNonAsciiCharactersAreWrittenAsPythonWritesThem() {
        JobSpec spec = spec("{\"image\": \"python:3.12\", \"command\": [\"a\\u0001b\\u001f\\u007f\\u2028\u00e9\\\"\\\\/\"]}");

        // Bytes posted by huggingface_hub 2.0.0 (httpx2: ensure_ascii=False, compact).
        assertThat(Wire.write(spec)).isEqualTo("{\"command\":[\"a\\u0001b\\u001f\u007f\u2028\u00e9\\\"\\\\/\"],"
                + "\"arguments\":[],\"environment\":{},\"flavor\":\"cpu-basic\",\"labels\":{\"name\":"
                + "\"python-3-12-dcc62b06\"},\"dockerImage\":\"python:3.12\"}");
    }

    @Test
    void defaultNameComesLastAfterTheCallersLabels() {
        assertThat(spec("{" + JOB + ", \"labels\": {\"team\": \"ml\"}}").labels())
                .containsExactly(entry("team", "ml"), entry("name", "python-3-12-71625c0e"));
    }

    @Test
    void nameLabelGivenInLabelsStaysWhereItIsAndNoDefaultIsAdded() {
        assertThat(spec("{" + JOB + ", \"labels\": {\"name\": \"mine\", \"team\": \"ml\"}}").labels())
                .containsExactly(entry("name", "mine"), entry("team", "ml"));
    }

    @Test
    void nullNameMeansNoNameGiven() {
        assertThat(spec("{" + JOB + ", \"name\": null}").name()).contains("python-3-12-71625c0e");
    }

    @ParameterizedTest
    @ValueSource(strings = {"eval_run.3", "a", "", "Train-2024_v1.0"})
    void givenNameOfLettersDigitsDotDashUnderscoreIsKept(String name) {
        assertThat(spec("{" + JOB + ", \"name\": \"" + name + "\"}").name()).contains(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"team/run\"", "\"a b\"", "\"caf\u00e9\"", "7", "true", "[\"a\"]"})
    void givenNameBreakingTheLabelValueRuleIsRefused(String name) {
        assertThat(problems("{" + JOB + ", \"name\": " + name + "}")).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("name");
            assertThat(p.rule()).isEqualTo("must be a string of at most 100 letters, digits, '.', '-' or '_'");
        });
    }

    @Test
    void givenNameOfMoreThanHundredCharactersIsRefused() {
        assertThat(problems("{" + JOB + ", \"name\": \"" + "n".repeat(100) + "\"}")).isEmpty();
        assertThat(problems("{" + JOB + ", \"name\": \"" + "n".repeat(101) + "\"}")).extracting(Problem::field)
                .containsExactly("name");
    }

    @Test
    void nameTogetherWithANameLabelIsRefusedAsTheReferenceDoes() {
        assertThat(problems("{" + JOB + ", \"name\": \"a\", \"labels\": {\"name\": \"b\"}}")).singleElement()
                .satisfies(p -> {
                    assertThat(p.field()).isEqualTo("name");
                    assertThat(p.rule()).contains("'name' key in labels");
                });
    }

    @Test
    void fiftyLabelsBesidesNameAreTheCap() {
        assertThat(problems("{" + JOB + ", \"name\": \"n\", \"labels\": " + labels(50) + "}")).isEmpty();
        ObjectNode withName = (ObjectNode) Wire.parse(labels(50));
        withName.put("name", "n");
        assertThat(problems("{" + JOB + ", \"labels\": " + withName + "}")).isEmpty();

        assertThat(problems("{" + JOB + ", \"labels\": " + labels(51) + "}")).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("labels");
            assertThat(p.rule()).isEqualTo("has 51 labels: at most 50 per job (not counting name)");
        });
    }

    @Test
    void fiveThousandLabelsAreOneProblemNotFiveThousand() {
        assertThat(problems("{" + JOB + ", \"labels\": " + labels(5000) + "}")).singleElement()
                .satisfies(p -> assertThat(p.rule()).contains("5000 labels", "at most " + JobRequests.MAX_LABELS));
    }

    @Test
    void exposedPortsAreCappedAndEachListedOnce() {
        assertThat(spec("{" + JOB + ", \"expose\": " + ports(16) + "}").exposedPorts()).hasSize(16);
        assertThat(problems("{" + JOB + ", \"expose\": " + ports(17) + "}")).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("expose");
            assertThat(p.rule()).isEqualTo("lists 17 ports: at most 16 per job");
        });
        assertThat(problems("{" + JOB + ", \"expose\": [8000, 22, 8000]}")).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("expose[2]");
            assertThat(p.rule()).contains("repeats port 8000");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "65536", "-1", "8000.5", "8000.0", "\"8000\"", "true", "null", "[8000]", "1e3",
        "99999999999999999999"})
    void portThatIsNotAWholeNumberFromOneTo65535IsRefused(String port) {
        assertThat(problems("{" + JOB + ", \"expose\": [22, " + port + "]}")).singleElement()
                .satisfies(p -> {
                    assertThat(p.field()).isEqualTo("expose[1]");
                    assertThat(p.rule()).startsWith("must be a whole number from 1 to 65535");
                });
    }

    @Test
    void portsOneAnd65535AreTheBounds() {
        assertThat(spec("{" + JOB + ", \"expose\": [1, 65535]}").exposedPorts()).containsExactly(1, 65535);
    }

    @Test
    void emptyOrNullExposeSendsNothing() {
        assertThat(Wire.write(spec("{" + JOB + ", \"expose\": []}"))).doesNotContain("expose");
        assertThat(Wire.write(spec("{" + JOB + ", \"expose\": null}"))).doesNotContain("expose");
    }

    @Test
    void sshFalseSendsNothingAndOnlyBooleansAreTaken() {
        assertThat(Wire.write(spec("{" + JOB + ", \"ssh\": false}"))).doesNotContain("ssh");
        assertThat(spec("{" + JOB + ", \"ssh\": false}").sshEnabled()).isFalse();
        for (String bad : List.of("\"true\"", "1", "\"yes\"", "{\"enabled\": true}")) {
            assertThat(problems("{" + JOB + ", \"ssh\": " + bad + "}")).as(bad).extracting(Problem::field)
                    .containsExactly("ssh");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "\"Train\"", "\"a_b\"", "\"a.b\"", "7", "[\"g\"]"})
    void networkGroupOutsideItsRuleIsRefused(String group) {
        assertThat(problems("{" + JOB + ", \"network_group\": " + group + "}")).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("network_group");
            assertThat(p.rule()).isEqualTo("must be 1 to 46 lowercase letters, digits or '-'");
        });
    }

    @Test
    void networkGroupOf46CharactersIsTheLimit() {
        assertThat(spec("{" + JOB + ", \"network_group\": \"" + "g".repeat(46) + "\"}").network().group()).hasSize(46);
        assertThat(problems("{" + JOB + ", \"network_group\": \"" + "g".repeat(47) + "\"}")).hasSize(1);
    }

    @Test
    void aliasesFollowTheirRuleAreUniqueAndCapped() {
        String group = ", \"network_group\": \"g\", \"network_aliases\": ";
        assertThat(spec("{" + JOB + group + "[\"" + "a".repeat(34) + "\"]}").network().aliases()).hasSize(1);
        assertThat(problems("{" + JOB + group + "[\"" + "a".repeat(35) + "\", \"Master\", 3]}"))
                .extracting(Problem::field).containsExactly("network_aliases[0]", "network_aliases[1]",
                        "network_aliases[2]");
        assertThat(problems("{" + JOB + group + "[\"db\", \"db\"]}")).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("network_aliases[1]");
            assertThat(p.rule()).contains("repeats the alias 'db'");
        });
        assertThat(spec("{" + JOB + group + aliases(16) + "}").network().aliases()).hasSize(16);
        assertThat(problems("{" + JOB + group + aliases(17) + "}")).singleElement()
                .satisfies(p -> assertThat(p.rule()).isEqualTo("lists 17 aliases: at most 16 per job"));
    }

    @Test
    void aliasesNeedAGroupButAnEmptyListDoesNot() {
        assertThat(problems("{" + JOB + ", \"network_aliases\": [\"master\"]}")).singleElement()
                .satisfies(p -> assertThat(p.rule()).startsWith("requires network_group"));
        assertThat(Wire.write(spec("{" + JOB + ", \"network_aliases\": []}"))).doesNotContain("network");
    }

    @Test
    void groupWithoutAliasesSendsTheGroupOnly() {
        assertThat(Wire.write(spec("{" + JOB + ", \"network_group\": \"g1\"}"))).contains("\"network\":{\"group\":\"g1\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "\"  \"", "12", "true", "\"a\\u0000b\"", "\"a\\nb\""})
    void resourceGroupMustBeANonEmptyString(String id) {
        assertThat(problems("{" + JOB + ", \"resource_group_id\": " + id + "}")).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("resource_group_id");
            assertThat(p.rule()).startsWith("must be a non-empty string");
        });
    }

    @Test
    void loneSurrogateIsRefusedBecauseTheReferenceCannotEncodeIt() {
        assertThat(problems("{\"image\": \"python:3.12\", \"command\": [\"x\\ud800\"], \"env\": {\"A\": \"\\udc00\"}}"))
                .extracting(Problem::field).containsExactly("command[0]", "env.A");
        assertThat(problems("{\"image\": \"python:3.12\", \"command\": [\"\\ud83d\\ude00\"]}")).isEmpty();
    }

    @Test
    void everyNewFieldIsKnownAndNamedInTheUnknownFieldRule() {
        assertThat(problems("{" + JOB + ", \"network\": \"g\"}")).singleElement().satisfies(p -> assertThat(p.rule())
                .contains("name", "expose", "ssh", "network_group", "network_aliases", "resource_group_id"));
    }

    private static String labels(int count) {
        return IntStream.range(0, count).mapToObj(i -> "\"k" + i + "\": \"v\"")
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String ports(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(Integer::toString).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String aliases(int count) {
        return IntStream.range(0, count).mapToObj(i -> "\"w" + i + "\"").collect(Collectors.joining(", ", "[", "]"));
    }

    private static java.util.Map.Entry<String, String> entry(String key, String value) {
        return java.util.Map.entry(key, value);
    }
}
