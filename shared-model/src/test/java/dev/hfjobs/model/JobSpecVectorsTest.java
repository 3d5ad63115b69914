package dev.hfjobs.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code jobspec-vectors-v2.jsonl}: for each of its 80 requests, the body posted equals, byte for byte
 * and key order included, what huggingface_hub 2.0.0's {@code run_job} posts (default name included);
 * each of its 35 bad requests is refused naming the field, except the one only the hardware catalog
 * can decide.
 */
class JobSpecVectorsTest {
    static final String FILE = "reference/jobspec-vectors-v2.jsonl";

    /** The field each refused vector must be refused for. */
    static final Map<String, String> REFUSED_FIELD = Map.ofEntries(
            Map.entry("negative timeout", "timeout"),
            Map.entry("timeout unit unknown", "timeout"),
            Map.entry("timeout NaN", "timeout"),
            Map.entry("timeout infinite", "timeout"),
            Map.entry("timeout rounds to zero", "timeout"),
            Map.entry("timeout decimal without unit", "timeout"),
            Map.entry("timeout empty unit", "timeout"),
            Map.entry("timeout boolean", "timeout"),
            Map.entry("missing image", "image"),
            Map.entry("empty image", "image"),
            Map.entry("missing command", "command"),
            Map.entry("command not a list", "command"),
            Map.entry("command with non-string", "command[1]"),
            Map.entry("empty space id", "image"),
            Map.entry("volume without mount path", "volumes[0].mountPath"),
            Map.entry("volume relative mount path", "volumes[0].mountPath"),
            Map.entry("volume unknown type", "volumes[0].type"),
            Map.entry("label key with slash", "labels.a/b"),
            Map.entry("label value too long", "labels.a"),
            Map.entry("env not an object", "env"),
            Map.entry("namespace path traversal", "namespace"),
            Map.entry("namespace with query", "namespace"),
            Map.entry("aliases without group", "network_aliases"),
            Map.entry("name and name label", "name"),
            Map.entry("name with slash", "name"),
            Map.entry("name not a string", "name"),
            Map.entry("expose not a list", "expose"),
            Map.entry("expose port zero", "expose[0]"),
            Map.entry("expose port too big", "expose[0]"),
            Map.entry("expose port string", "expose[0]"),
            Map.entry("ssh not a boolean", "ssh"),
            Map.entry("network group empty", "network_group"),
            Map.entry("aliases not a list", "network_aliases"),
            Map.entry("resource group not a string", "resource_group_id"));

    /**
     * Refusals the model cannot decide: whether a flavor exists is known only from the Hub's hardware
     * catalog, which the functions check before posting (SubmitPolicy). The model accepts these.
     */
    static final Set<String> DECIDED_BY_CATALOG = Set.of("unknown flavor");

    static List<JsonNode> lines() throws IOException {
        return Files.readAllLines(SharedReference.file(FILE)).stream()
                .filter(line -> !line.isBlank()).map(Wire::parse).toList();
    }

    static Stream<JsonNode> bodies() throws IOException {
        return lines().stream().filter(line -> line.has("expected"));
    }

    static Stream<JsonNode> refusedByTheModel() throws IOException {
        return lines().stream().filter(line -> line.has("expected_error"))
                .filter(line -> !DECIDED_BY_CATALOG.contains(line.get("name").asText()));
    }

    @Test
    void everyLineOfTheReferenceIsRead() throws IOException {
        List<JsonNode> lines = lines();
        assertThat(lines).hasSize(115);
        assertThat(lines).filteredOn(line -> line.has("expected")).hasSize(80);
        assertThat(lines).filteredOn(line -> line.path("expected_error").asBoolean()).hasSize(35)
                .extracting(line -> line.get("name").asText())
                .containsExactlyInAnyOrderElementsOf(Stream.concat(REFUSED_FIELD.keySet().stream(),
                        DECIDED_BY_CATALOG.stream()).toList());
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("bodies")
    void postedBodyIsTheReferencesBody(JsonNode vector) {
        Validated<SubmitRequest> parsed = JobRequests.parseSubmit(vector.get("request"), Set.of());

        assertThat(parsed).as(vector.get("name").asText()).isInstanceOf(Validated.Valid.class);
        assertThat(Wire.write(parsed.orThrow().spec())).isEqualTo(Wire.write(vector.get("expected")));
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("refusedByTheModel")
    void badRequestIsRefusedNamingTheField(JsonNode vector) {
        String name = vector.get("name").asText();
        Validated<SubmitRequest> parsed = JobRequests.parseSubmit(vector.get("request"), Set.of());

        assertThat(parsed).as(name).isInstanceOf(Validated.Invalid.class);
        List<Problem> problems = ((Validated.Invalid<SubmitRequest>) parsed).problems();
        assertThat(problems).as(name).extracting(Problem::field).containsOnly(REFUSED_FIELD.get(name));
        assertThat(problems).allSatisfy(p -> assertThat(p.rule()).matches("[a-z].{10,}"));
    }

    @Test
    void unknownFlavorIsAcceptedHereAndLeftToTheHardwareCatalog() throws IOException {
        JsonNode vector = lines().stream().filter(line -> line.get("name").asText().equals("unknown flavor"))
                .findFirst().orElseThrow();

        // Not skipped: the model has no catalog, so it must let the flavor through unchanged for the
        // functions' catalog check (SubmitPolicy) to refuse it before anything is posted.
        SubmitRequest request = JobRequests.parseSubmit(vector.get("request"), Set.of()).orThrow();
        assertThat(request.spec().flavor()).isEqualTo("quantum-xl");
    }
}
