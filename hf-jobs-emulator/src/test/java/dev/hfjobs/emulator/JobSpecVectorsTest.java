package dev.hfjobs.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every body the reference client builds (shared/reference/jobspec-vectors.jsonl) is accepted. */
class JobSpecVectorsTest {

    private static final Path VECTORS = Path.of("..", "..", "shared", "reference", "jobspec-vectors.jsonl");

    @Test
    void everyReferenceSpecIsAcceptedAndItsSecretsRedacted() throws IOException {
        assumeTrue(Files.isRegularFile(VECTORS), "no " + VECTORS.toAbsolutePath().normalize());
        List<String> lines = Files.readAllLines(VECTORS).stream().filter(line -> !line.isBlank()).toList();

        try (HfJobsEmulator emulator = HfJobsEmulator.builder().start()) {
            HubClient alice = HubClient.alice(emulator);
            for (String line : lines) {
                JsonNode vector = HubClient.MAPPER.readTree(line);
                HttpResponse<String> response = alice.post("/api/jobs/alice", vector.path("expected"));

                assertThat(response.statusCode()).as(vector.path("name").asText() + ": " + response.body())
                        .isEqualTo(200);
                vector.path("expected").path("secrets").properties().forEach(secret ->
                        assertThat(response.body()).doesNotContain(secret.getValue().asText()));
            }
            assertThat(emulator.createdJobCount()).isEqualTo(lines.size());
        }
    }
}
