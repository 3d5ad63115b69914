package dev.hfjobs.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Wire}'s streaming layer and {@link ModelJson}'s hand-written codecs give what Jackson's
 * data binding gives, driven by the records' annotations: the same trees from the same text, the
 * same text from the same values, the same records from the same answers, and a refusal where it
 * refuses. The oracle is a mapper configured as {@link Wire}'s but without the codecs.
 */
class ModelJsonTest {
    static final ObjectMapper ORACLE = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .addModule(new JavaTimeModule())
            .build();

    static {
        ORACLE.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(Wire.MAX_NESTING).maxStringLength(4 * 1024 * 1024).maxNumberLength(100).build());
    }

    static Stream<String> texts() {
        return Stream.of("{}", "[]", "0", "-0", "1", "-1", "2147483647", "2147483648", "-2147483649",
                "9223372036854775807", "9223372036854775808", "123456789012345678901234567890",
                "1.0", "-0.0", "0.000167", "1e3", "1E-7", "1.5e300", "1e400", "-1e400", "3.141592653589793238462643",
                "\"\"", "\"text\"", "\"caf\u00e9 \\u00e9 \\ud83d\\ude00 \\n\\t\\u0001 \\\" \\\\ /\"", "true", "false", "null",
                "{\"a\": 1, \"b\": [1, 2.5, \"x\", null, true, {}], \"c\": {\"d\": {\"e\": []}}}",
                "{\"dup\": 1, \"other\": 2, \"dup\": 3}",
                "  {\"spaces\" :\n [ 1 ,2 ] }  ",
                "[".repeat(Wire.MAX_NESTING) + "1" + "]".repeat(Wire.MAX_NESTING),
                JobInfoParsingTest.JOB);
    }

    static Stream<String> notJson() {
        return Stream.of("", "   ", "{", "[1,", "{\"a\" 1}", "{\"a\": 1} {\"b\": 2}", "[1] x", "NaN", "Infinity",
                "{'a': 1}", "01", "1.", "\"unterminated", "{\"a\": 1,}", "tru",
                "[".repeat(Wire.MAX_NESTING + 1) + "]".repeat(Wire.MAX_NESTING + 1),
                "1" + "0".repeat(200));
    }

    @ParameterizedTest
    @MethodSource("texts")
    void parsedTreeIsTheMappersTree(String text) throws IOException {
        JsonNode expected = ORACLE.readTree(text);

        assertThat(Wire.parse(text)).isEqualTo(expected);
        assertThat(Wire.parse(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(expected);
        assertThat(Wire.write(Wire.parse(text))).isEqualTo(ORACLE.writeValueAsString(expected));
    }

    @ParameterizedTest
    @MethodSource("notJson")
    void textTheMapperRefusesIsRefused(String text) {
        Throwable oracle = catchThrowable(() -> {
            JsonNode node = ORACLE.readTree(text);
            if (node.isMissingNode()) {
                throw new IllegalStateException("empty");
            }
        });

        assertThat(oracle).as("the oracle refuses it too").isNotNull();
        assertThatThrownBy(() -> Wire.parse(text)).isInstanceOf(ModelException.class)
                .hasMessageStartingWith("not JSON: ");
    }

    @Test
    void refusalNamesWhereButNeverQuotesTheText() {
        assertThatThrownBy(() -> Wire.parse("{\"token\": hf_secretvalue}"))
                .hasMessageContaining("line 1").hasMessageNotContaining("hf_secretvalue");
        assertThatThrownBy(() -> Wire.parse("{\"a\": 1}\n{\"token\": \"hf_secretvalue\"}"))
                .hasMessageContaining("line 2").hasMessageNotContaining("hf_secretvalue");
    }

    @Test
    void everyKindOfTreeNodeIsWrittenAsTheMapperWritesIt() throws IOException {
        ObjectNode tree = Wire.object();
        tree.put("int", 1).put("long", 1L << 40).put("double", 0.1).put("float", 1.5f)
                .put("decimal", new BigDecimal("0.000167")).put("trailing", new BigDecimal("0.50"))
                .put("exponent", new BigDecimal("1E-7")).put("big", new BigInteger("123456789012345678901234567890"))
                .put("nan", Double.NaN).put("text", "\u0000\u001f\u2028\u00e9\"\\").putNull("null").put("bool", false);
        tree.set("missing", MissingNode.getInstance());
        tree.set("binary", BinaryNode.valueOf(new byte[] {1, 2, 3, (byte) 255}));
        tree.set("pojo", new POJONode(Map.of("k", List.of(1, 2))));
        tree.set("float node", FloatNode.valueOf(0.1f));
        tree.set("decimal node", DecimalNode.valueOf(new BigDecimal("100.00")));
        tree.set("big node", BigIntegerNode.valueOf(BigInteger.TEN.pow(30)));
        tree.putArray("array").add(1).addNull().addObject().putArray("deep").add("x");

        assertThat(Wire.write(tree)).isEqualTo(ORACLE.writeValueAsString(tree));
    }

    @Test
    void plainValuesAreWrittenAsTheMapperWritesThem() throws IOException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("timestamp", Instant.parse("2026-12-01T04:05:06.007Z").toString());
        line.put("level", "INFO");
        line.put("count", 3);
        line.put("long", 1L << 50);
        line.put("ratio", 0.25);
        line.put("float", 0.1f);
        line.put("short", (short) 7);
        line.put("decimal", new BigDecimal("0.000167"));
        line.put("null", null);
        line.put("flag", true);
        line.put("instant", Instant.parse("2026-12-01T04:05:06Z"));
        line.put("duration", Duration.ofMillis(1500));
        line.put("stage", JobStage.RUNNING);
        line.put("unit", TimeUnit.SECONDS);
        line.put("list", List.of("a", 1, List.of()));
        line.put("array", new String[] {"x", "y"});
        line.put("set", Set.of("only"));
        line.put("nested", Map.of("k", Map.of("j", "v")));
        line.put("numberKeys", Map.of(1, "one"));
        line.put("tree", Wire.parse("{\"a\": [1, 2.5]}"));
        line.put("optional", Optional.empty());
        line.put("path", Path.of("/tmp/x"));
        line.put("problem", new Problem("field", "rule"));
        line.put("char", 'c');
        line.put("nullInList", Arrays.asList("a", null));

        Object[] values = {line, List.of(line), "text", 1, null, new ArrayList<>(List.of(Map.of()))};
        for (Object value : values) {
            Throwable oracleFailure = catchThrowable(() -> ORACLE.writeValueAsString(value));
            if (oracleFailure == null) {
                assertThat(Wire.write(value)).isEqualTo(ORACLE.writeValueAsString(value));
            } else {
                assertThatThrownBy(() -> Wire.write(value)).isInstanceOf(ModelException.class);
            }
        }
    }

    @Test
    void treeOfPlainValuesAndModelPartsIsTheMappersTree() throws IOException {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("text", "t");
        detail.put("int", 5);
        detail.put("long", 5L);
        detail.put("big long", 1L << 40);
        detail.put("flag", true);
        detail.put("null", null);
        detail.put("labels", Map.of("team", "ml"));
        detail.put("list", List.of("a", List.of(1, 2L), Map.of()));
        detail.put("nullInList", Arrays.asList("a", null));
        detail.put("tree", Wire.parse("{\"a\": [1, 2.5, null]}"));
        detail.put("durations", new JobDurations(6L, null, 8L));
        detail.put("no durations", new JobDurations(null, null, null));
        detail.put("network", new JobNetwork("g", List.of("a", "b")));
        detail.put("network without aliases", new JobNetwork("g", null));
        detail.put("initiator", new JobInitiator("scheduled-job", "s", null));
        detail.put("named initiator", new JobInitiator("user", "u", "name"));
        detail.put("problems", List.of(new Problem("command", "must not be empty")));
        detail.put("job", Wire.read(Wire.parse(JobInfoParsingTest.JOB), JobInfo.class));

        for (Object value : Arrays.asList(detail, List.of(detail), "x", 1, true, List.of(), null)) {
            JsonNode tree = Wire.tree(value);
            JsonNode expected = ORACLE.valueToTree(value);
            assertThat(tree).isEqualTo(expected);
            assertThat(Wire.mapper().writeValueAsString(value)).isEqualTo(Wire.write(value));
        }
    }

    @Test
    void treeIsACopyNotTheNodeGiven() {
        ObjectNode given = Wire.object().put("a", 1);

        JsonNode tree = Wire.tree(given);
        given.put("b", 2);

        assertThat(tree).isEqualTo(Wire.parse("{\"a\": 1}"));
    }

    // ---- the model types ----

    static Stream<String> jobs() {
        String full = JobInfoParsingTest.JOB;
        return Stream.of(
                full,
                "{\"id\": \"687fb701029421ae5549d998\"}",
                "{}",
                full.replace("\"createdAt\"", "\"created_at\"").replace("\"startedAt\"", "\"started_at\"")
                        .replace("\"dockerImage\"", "\"docker_image\"").replace("\"mountPath\"", "\"mount_path\"")
                        .replace("\"exposeUrls\"", "\"expose_urls\"").replace("\"sshUrl\"", "\"ssh_url\"")
                        .replace("\"runningSecs\"", "\"running_secs\""),
                """
                {"id": "a", "createdAt": "2025-07-22T16:06:25Z", "startedAt": "2025-07-22T18:06:25+02:00",
                 "finishedAt": "2025-07-22T16:06:25.123456789Z", "spaceId": "org/space", "dockerImage": null,
                 "command": ["a", "b", "c"], "arguments": null, "environment": {"A": "1", "B": null, "C": 3, "D": true},
                 "secrets": ["S1", "S2"], "flavor": "a10g-small", "labels": {"n": 1.5},
                 "volumes": [{"type": "bucket", "source": "org/b", "mountPath": "/b", "readOnly": true,
                              "revision": "main", "path": "sub/dir", "extra": 1}],
                 "timeoutSeconds": 3600, "status": {"stage": "completed", "message": "done", "exposeUrls": []},
                 "durations": {"totalSecs": 8}, "owner": {"id": "o", "name": "n", "type": "org", "more": {}},
                 "initiator": {"type": "scheduled-job", "id": "s"}, "network": {"group": "g"}, "future": [1, 2]}""",
                """
                {"id": "b", "createdAt": 1753200385, "startedAt": 1753200385.5, "finishedAt": "",
                 "timeoutSeconds": "120", "durations": {"runningSecs": 2.9, "schedulingSecs": "6"},
                 "secrets": {"A": "value-never-kept"}, "status": {"stage": null}, "network": {"group": "", "aliases": ["x"]},
                 "volumes": [], "labels": {}, "owner": null, "initiator": null}""",
                """
                {"id": "c", "timeout_seconds": 60, "space_id": "s", "secrets": "not-a-map", "status": {},
                 "volumes": [{"type": "model", "source": "m", "mount_path": "/m", "read_only": "false"}]}""",
                "{\"id\": 5, \"flavor\": false, \"createdAt\": \"1753200385\"}");
    }

    static Stream<String> badJobs() {
        return Stream.of("[]", "\"job\"", "1", "{\"command\": \"python\"}", "{\"command\": {\"a\": 1}}",
                "{\"environment\": []}", "{\"labels\": {\"a\": {}}}", "{\"createdAt\": \"yesterday\"}",
                "{\"createdAt\": true}", "{\"timeoutSeconds\": \"soon\"}", "{\"timeoutSeconds\": {}}",
                "{\"status\": []}", "{\"status\": {\"stage\": \" \"}}", "{\"volumes\": [{\"type\": \"model\"}]}",
                "{\"volumes\": {}}", "{\"volumes\": [1]}", "{\"owner\": \"me\"}", "{\"id\": [\"a\"]}",
                "{\"durations\": 5}", "{\"network\": \"g\"}", "{\"command\": [\"a\", null]}");
    }

    @ParameterizedTest
    @MethodSource("jobs")
    void jobIsReadAsTheAnnotationsSay(String text) throws IOException {
        JsonNode tree = Wire.parse(text);
        JobInfo expected = ORACLE.treeToValue(tree, JobInfo.class);

        JobInfo job = Wire.read(tree, JobInfo.class);

        assertThat(job).isEqualTo(expected);
        assertThat(Wire.write(job)).isEqualTo(ORACLE.writeValueAsString(expected));
        assertThat(Wire.tree(job).toString()).isEqualTo(ORACLE.valueToTree(expected).toString());
        assertThat(Wire.mapper().writeValueAsString(job)).isEqualTo(Wire.write(job));
        assertThat(Wire.mapper().treeToValue(tree, JobInfo.class)).isEqualTo(job);
    }

    @Test
    void pageOfJobsIsReadAsTheAnnotationsSay() throws IOException {
        JsonNode page = Wire.parse("[" + String.join(", ", jobs().toList()) + ", null]");

        JobInfo[] jobs = Wire.read(page, JobInfo[].class);

        assertThat(jobs).containsExactly(ORACLE.treeToValue(page, JobInfo[].class));
        assertThat(jobs).hasSize(9);
        assertThat(jobs[8]).isNull();
        assertThatThrownBy(() -> Wire.read(Wire.parse("{\"jobs\": []}"), JobInfo[].class))
                .isInstanceOf(ModelException.class);
        assertThatThrownBy(() -> Wire.read(Wire.parse("[[]]"), JobInfo[].class)).isInstanceOf(ModelException.class);
    }

    @ParameterizedTest
    @MethodSource("badJobs")
    void jobTheAnnotationsRefuseIsRefused(String text) {
        JsonNode tree = Wire.parse(text);

        assertThat(catchThrowable(() -> ORACLE.treeToValue(tree, JobInfo.class))).as("the oracle refuses it")
                .isNotNull();
        assertThatThrownBy(() -> Wire.read(tree, JobInfo.class)).isInstanceOf(ModelException.class)
                .hasMessageStartingWith("cannot read JobInfo");
    }

    static Stream<String> memberValues() {
        List<String> timestamps = List.of("\"2025-07-22T16:06:25.079+0000\"", "\"2025-07-22T16:06:25+00:00\"",
                "\"2025-07-22T16:06:25.079+02:00\"", "\"2025-07-22T16:06:25.079-00:00\"", "\"2025-07-22T16:06:25+00\"",
                "\" 2025-07-22T16:06:25Z \"", "\"2025-07-22t16:06:25z\"", "\"1753200385\"", "\"1753200385.5\"",
                "\"-1.5\"", "\".5\"", "\"1753200385.\"", "1753200385", "1753200385.25", "-5", "0",
                "\"2025-07-22 16:06:25Z\"", "\"2025-07-22T16:06:25\"", "\"2025-07-22T16:06Z\"", "\"2025-07-22\"",
                "\"2025-07-22T16:06:25+01\"", "\"2025-07-22T16:06:25+0100\"", "\"1.2.3\"", "\"-\"", "\"\"", "[]");
        List<String> wholes = List.of("3600", "\"3600\"", "\" 3600 \"", "3600.9", "-1", "\"\"", "\"3600.5\"", "\"1e3\"",
                "true", "1e20", "\"0x10\"", "{}");
        List<String> texts = List.of("\"x\"", "1", "1.5", "1e2", "true", "12345678901234567890", "[]", "{}");
        List<String> booleans = List.of("true", "false", "\"true\"", "\"false\"", "\"TRUE\"", "\"True\"", "\"FALSE\"",
                "\"tRUE\"", "\" true \"", "\"\"", "\"null\"", "1", "0", "2", "\"yes\"", "1.5", "[]");
        Stream.Builder<String> jobs = Stream.builder();
        timestamps.forEach(v -> jobs.add("{\"createdAt\": " + v + "}"));
        wholes.forEach(v -> jobs.add("{\"timeoutSeconds\": " + v + ", \"durations\": {\"runningSecs\": " + v + "}}"));
        texts.forEach(v -> Stream.of("{\"flavor\": %s}", "{\"labels\": {\"k\": %s}}", "{\"status\": {\"stage\": %s}}",
                "{\"status\": {\"message\": %s}}", "{\"command\": [%s]}").forEach(shape -> jobs.add(shape.formatted(v))));
        booleans.forEach(v -> jobs.add("{\"volumes\": [{\"type\": \"model\", \"source\": \"m\", \"mountPath\": \"/m\", "
                + "\"readOnly\": " + v + "}]}"));
        return jobs.build();
    }

    /** Member by member, a value is read as the mapper reads it, or refused where it refuses it. */
    @ParameterizedTest
    @MethodSource("memberValues")
    void memberValueIsReadAsTheMapperReadsIt(String text) {
        assertReadAsTheOracleReads(text, JobInfo.class);
    }

    static Stream<String> flavorMemberValues() {
        Stream.Builder<String> flavors = Stream.builder();
        List.of("167", "\"167\"", "166.7", "null", "\"\"", "true", "\"abc\"", "1e20", "-1", "[]")
                .forEach(v -> flavors.add("{\"name\": \"x\", \"unitCostMicroUSD\": " + v + "}"));
        List.of("0.000167", "\"0.000167\"", "\"1e-7\"", "1e-7", "\"\"", "true", "\"abc\"", "null", "3", "{}")
                .forEach(v -> flavors.add("{\"name\": \"x\", \"unitCostUSD\": " + v + "}"));
        List.of("1", "\"1\"", "1.5", "true", "null", "[]")
                .forEach(v -> flavors.add("{\"name\": \"x\", \"accelerator\": {\"quantity\": " + v + "}}"));
        List.of("1", "true", "\"x\"", "[]").forEach(v -> flavors.add("{\"name\": " + v + "}"));
        return flavors.build();
    }

    /** Member by member, a flavor's value is read as the mapper reads it, or refused where it refuses it. */
    @ParameterizedTest
    @MethodSource("flavorMemberValues")
    void flavorMemberValueIsReadAsTheMapperReadsIt(String text) {
        assertReadAsTheOracleReads(text, Hardware.class);
    }

    /** The same record from both, or a refusal from both. */
    private static void assertReadAsTheOracleReads(String text, Class<?> type) {
        JsonNode tree = Wire.parse(text);
        Object expected;
        try {
            expected = ORACLE.treeToValue(tree, type);
        } catch (IOException | RuntimeException e) {
            expected = "refused";
        }
        Object actual;
        try {
            actual = Wire.read(tree, type);
        } catch (ModelException e) {
            actual = "refused";
        }

        assertThat(actual).as(text).isEqualTo(expected);
    }

    @Test
    void refusalNamesTheMemberAndTheRuleButNotTheValue() {
        assertThatThrownBy(() -> Wire.read(Wire.parse("{\"createdAt\": \"hf_notatime\"}"), JobInfo.class))
                .hasMessage("cannot read JobInfo: createdAt: not an ISO-8601 timestamp");
        assertThatThrownBy(() -> Wire.read(Wire.parse("{\"timeoutSeconds\": \"hf_notanumber\"}"), JobInfo.class))
                .hasMessage("cannot read JobInfo: timeoutSeconds: not a whole number");
        assertThatThrownBy(() -> Wire.read(Wire.parse("{\"environment\": [\"hf_value\"]}"), JobInfo.class))
                .hasMessage("cannot read JobInfo: environment: expected an object, got ARRAY");
        assertThatThrownBy(() -> Wire.read(Wire.parse("[{\"cpu\": \"2\"}]"), Hardware[].class))
                .hasMessage("cannot read Hardware[]: a value breaks the model's rules");
    }

    @Test
    void nullJobIsNull() {
        assertThat(Wire.read(Wire.parse("null"), JobInfo.class)).isNull();
    }

    static Stream<String> catalogs() {
        return Stream.of("""
                [{"name": "cpu-basic", "prettyName": "CPU Basic", "cpu": "2 vCPU", "ram": "16 GB",
                  "ephemeralStorage": "50 GB", "accelerator": null,
                  "unitCostMicroUSD": 167, "unitCostUSD": 0.000167, "unitLabel": "minute"},
                 {"name": "a10g-small", "pretty_name": "Nvidia A10G - small", "cpu": "4 vCPU", "ram": "15 GB",
                  "accelerator": {"type": "gpu", "model": "A10G", "quantity": 1, "vram": "24 GB", "manufacturer": "Nvidia"},
                  "unit_cost_micro_usd": 16667, "unit_cost_usd": "0.016667", "unit_label": "minute", "new": true}]""",
                "[{\"name\": \"x\"}]", "[{\"name\": \"x\", \"unitCostMicroUSD\": null, \"unitCostUSD\": 1.5E-7}]",
                "[]", "[null]");
    }

    @ParameterizedTest
    @MethodSource("catalogs")
    void catalogIsReadAndWrittenAsTheAnnotationsSay(String text) throws IOException {
        JsonNode tree = Wire.parse(text);
        Hardware[] expected = ORACLE.treeToValue(tree, Hardware[].class);

        Hardware[] catalog = Wire.read(tree, Hardware[].class);

        assertThat(catalog).containsExactly(expected);
        assertThat(Wire.write(catalog)).isEqualTo(ORACLE.writeValueAsString(expected));
        assertThat(Wire.write(Arrays.asList(catalog))).isEqualTo(ORACLE.writeValueAsString(Arrays.asList(expected)));
        assertThat(Wire.mapper().writeValueAsString(catalog)).isEqualTo(Wire.write(catalog));
    }

    @Test
    void catalogTheAnnotationsRefuseIsRefused() {
        for (String text : List.of("{}", "[{}]", "[{\"name\": \"x\", \"accelerator\": 1}]",
                "[{\"name\": \"x\", \"unitCostUSD\": \"cheap\"}]", "[{\"name\": \"x\", \"unitCostMicroUSD\": []}]")) {
            JsonNode tree = Wire.parse(text);
            assertThat(catchThrowable(() -> ORACLE.treeToValue(tree, Hardware[].class))).as(text).isNotNull();
            assertThatThrownBy(() -> Wire.read(tree, Hardware[].class)).as(text).isInstanceOf(ModelException.class);
        }
    }

    static Stream<JsonNode> specs() throws IOException {
        return JobSpecVectorsTest.bodies();
    }

    @ParameterizedTest(name = "{index}")
    @MethodSource("specs")
    void specIsWrittenAsTheAnnotationsSay(JsonNode vector) throws IOException {
        JobSpec spec = JobRequests.parseSubmit(vector.get("request"), Set.of()).orThrow().spec();

        assertThat(Wire.write(spec)).isEqualTo(ORACLE.writeValueAsString(spec));
        assertThat(Wire.write(spec.redacted())).isEqualTo(ORACLE.writeValueAsString(spec.redacted()));
        assertThat(Wire.mapper().writeValueAsString(spec)).isEqualTo(Wire.write(spec));
    }

    /**
     * A fresh JVM that reads a request, writes a spec, reads a Hub job and a catalog and writes
     * them back, as a submit does, never loads Jackson's data-binding mapper.
     */
    @Test
    void submitShapesNeverLoadTheMapper() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-Xshare:off", "-verbose:class", "-cp",
                System.getProperty("java.class.path"), SubmitShapes.class.getName())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor()).as(output).isZero();
        assertThat(output).contains("submit shapes done").contains("com.fasterxml.jackson.databind.node.ObjectNode")
                .doesNotContain("com.fasterxml.jackson.databind.ObjectMapper ")
                .doesNotContain("dev.hfjobs.model.Wire$Mapper")
                .doesNotContain("com.fasterxml.jackson.databind.ser.BeanSerializer ");
    }

    /** What {@link #submitShapesNeverLoadTheMapper} runs. */
    static final class SubmitShapes {
        public static void main(String[] args) {
            JobSpec spec = JobRequests.parseSubmit(Wire.parse("""
                    {"image": "python:3.12", "command": ["python", "-c", "print(1)"], "env": {"A": "1"},
                     "secrets": {"S": "v"}, "flavor": "cpu-basic", "timeout": "10m", "labels": {"team": "ml"},
                     "volumes": [{"type": "dataset", "source": "org/data", "mountPath": "/data"}]}"""), Set.of())
                    .orThrow().spec();
            Wire.write(spec);
            JobInfo job = Wire.read(Wire.parse(JobInfoParsingTest.JOB.getBytes(StandardCharsets.UTF_8)), JobInfo.class);
            Wire.write(Map.of("job", Wire.tree(job), "when", "now", "n", 1));
            Hardware[] catalog = Wire.read(Wire.parse("[{\"name\": \"cpu-basic\", \"unitCostUSD\": 0.000167}]"),
                    Hardware[].class);
            Wire.write(catalog);
            Wire.write(List.of(new Problem("command", "must not be empty")));
            System.out.println("submit shapes done");
        }
    }
}
