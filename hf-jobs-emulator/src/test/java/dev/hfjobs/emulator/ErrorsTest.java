package dev.hfjobs.emulator;

import static dev.hfjobs.emulator.HubClient.json;
import static dev.hfjobs.emulator.HubClient.spec;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class ErrorsTest extends EmulatorTest {


    @Test
    void missingTokenIs401() throws IOException {
        assertError(alice.withToken(null).get("/api/jobs/alice"), 401);
    }

    @Test
    void unknownTokenIs401WithTheHubMessage() throws IOException {
        HttpResponse<String> response = alice.withToken("hf_nobody").post("/api/jobs/alice", spec());

        assertError(response, 401);
        assertThat(response.headers().firstValue("X-Error-Message"))
                .hasValue("Invalid credentials in Authorization header");
        assertThat(emulator.createdJobCount()).isZero();
    }

    @Test
    void namespaceOfSomeoneElseIs403() throws IOException {
        assertError(alice.withToken(HubClient.BOB).get("/api/jobs/alice"), 403);
        assertError(alice.withToken(HubClient.BOB).post("/api/jobs/acme-ml", spec()), 403);
        assertError(alice.get("/api/jobs/unknown-org"), 403);
    }

    @Test
    void unknownJobIs404() throws IOException {
        assertError(alice.get("/api/jobs/alice/0123456789abcdef01234567"), 404);
        assertError(alice.post("/api/jobs/alice/0123456789abcdef01234567/cancel", null), 404);
    }

    @Test
    void jobOfAnotherNamespaceIs404() throws IOException {
        String id = alice.createJobId("acme-ml", spec());

        assertError(alice.get("/api/jobs/alice/" + id), 404);
    }

    @Test
    void unknownRouteIs404() throws IOException {
        assertError(alice.get("/api/spaces/alice"), 404);
        assertError(alice.get("/api/jobs/alice/x/y/z"), 404);
    }

    @Test
    void wrongMethodIs405WithAllow() throws IOException {
        HttpResponse<String> response = alice.delete("/api/jobs/alice");

        assertError(response, 405);
        assertThat(response.headers().firstValue("Allow")).hasValueSatisfying(
                allow -> assertThat(allow).contains("GET", "POST"));
    }

    @Test
    void invalidSpecIs400() throws IOException {
        assertError(alice.post("/api/jobs/alice", "{\"command\": []}"), 400);
        assertError(alice.post("/api/jobs/alice", "not json"), 400);
    }

    static void assertError(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).isEqualTo(status);
        String message = response.headers().firstValue("X-Error-Message").orElseThrow();
        assertThat(message).isNotBlank();
        assertThat(json(response).path("error").asText()).isEqualTo(message);
        assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
    }
}
