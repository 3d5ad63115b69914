package dev.hfjobs.emulator;

import static dev.hfjobs.emulator.HubClient.json;
import static dev.hfjobs.emulator.HubClient.spec;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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

    static Stream<Arguments> routesOfOneJob() {
        String labels = "{\"labels\": {\"a\": \"b\"}}";
        return Stream.of(
                Arguments.of("GET", "/api/jobs/%s/%s", null, false),
                Arguments.of("POST", "/api/jobs/%s/%s/cancel", null, false),
                Arguments.of("PUT", "/api/jobs/%s/%s/labels", labels, false),
                Arguments.of("GET", "/api/jobs/%s/%s/logs", null, false),
                Arguments.of("GET", "/api/jobs/%s/%s/logs?tail=5", null, false),
                Arguments.of("GET", "/api/jobs/%s/%s/metrics", null, false),
                Arguments.of("GET", "/api/scheduled-jobs/%s/%s", null, true),
                Arguments.of("PUT", "/api/scheduled-jobs/%s/%s/labels", labels, true),
                Arguments.of("POST", "/api/scheduled-jobs/%s/%s/run", null, true),
                Arguments.of("POST", "/api/scheduled-jobs/%s/%s/suspend", null, true));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("routesOfOneJob")
    void everyRouteOfOneJobAnswers401And403And404(String method, String template, String body, boolean scheduled)
            throws IOException {
        String scheduledJob = "{\"jobSpec\": " + spec() + ", \"schedule\": \"@daily\"}";
        String id = scheduled ? json(alice.post("/api/scheduled-jobs/alice", scheduledJob)).path("id").asText()
                : alice.createJobId("alice", spec());

        assertError(alice.withToken(null).send(method, template.formatted("alice", id), body), 401);
        assertError(alice.withToken("hf_nobody").send(method, template.formatted("alice", id), body), 401);
        assertError(alice.withToken(HubClient.BOB).send(method, template.formatted("alice", id), body), 403);
        assertError(alice.send(method, template.formatted("alice", "0123456789abcdef01234567"), body), 404);
        assertError(alice.send(method, template.formatted("acme-ml", id), body), 404);
    }

    static void assertError(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).isEqualTo(status);
        String message = response.headers().firstValue("X-Error-Message").orElseThrow();
        assertThat(message).isNotBlank();
        assertThat(json(response).path("error").asText()).isEqualTo(message);
        assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
    }
}
