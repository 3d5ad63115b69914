package dev.hfjobs.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The body posted for each reference vector equals, key order included, what huggingface_hub posts. */
class JobSpecVectorsTest {

    static Stream<JsonNode> vectors() throws IOException {
        List<String> lines = Files.readAllLines(SharedReference.file("reference/jobspec-vectors.jsonl"));
        return lines.stream().filter(line -> !line.isBlank()).map(Wire::parse);
    }

    @Test
    void everyVectorOfTheReferenceIsRead() throws IOException {
        assertThat(vectors().count()).isEqualTo(60);
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("vectors")
    void postedBodyIsTheReferencesBody(JsonNode vector) {
        Validated<SubmitRequest> parsed = JobRequests.parseSubmit(vector.get("request"), Set.of());

        assertThat(parsed).as(vector.get("name").asText()).isInstanceOf(Validated.Valid.class);
        JobSpec spec = parsed.orThrow().spec();
        assertThat(Wire.write(spec)).isEqualTo(Wire.write(vector.get("expected")));
    }
}
