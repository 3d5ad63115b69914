package dev.hfjobs.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every body the reference client builds (shared/reference/jobspec-vectors.jsonl) is accepted. */
class JobSpecVectorsTest {

    /** {@code ../shared} beside the project root, or HFJOBS_SHARED_DIR, as the model's vector test finds it. */
    private static Path vectors() {
        String override = System.getenv("HFJOBS_SHARED_DIR");
        Path shared = override != null ? Path.of(override) : Path.of("..", "..", "shared");
        Path file = shared.resolve("reference").resolve("jobspec-vectors.jsonl");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file.toAbsolutePath().normalize()
                    + " not found: the project expects ../shared beside its root (or set HFJOBS_SHARED_DIR)");
        }
        return file;
    }

    @Test
    void everyReferenceSpecIsAcceptedAndItsSecretsRedacted() throws IOException {
        List<String> lines = Files.readAllLines(vectors()).stream().filter(line -> !line.isBlank()).toList();
        assertThat(lines).isNotEmpty();

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
