package dev.hfjobs.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain java.net.http client for the emulator, with one token (or none). */
final class HubClient {

    static final String ALICE = "hf_test_alice";
    static final String BOB = "hf_test_bob";
    static final ObjectMapper MAPPER = new ObjectMapper();

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final URI endpoint;
    private final String token;

    HubClient(URI endpoint, String token) {
        this.endpoint = endpoint;
        this.token = token;
    }

    static HubClient alice(HfJobsEmulator emulator) {
        return new HubClient(emulator.endpoint(), ALICE);
    }

    HubClient withToken(String otherToken) {
        return new HubClient(endpoint, otherToken);
    }

    HttpResponse<String> get(String path) throws IOException {
        return send("GET", path, null);
    }

    HttpResponse<String> post(String path, Object body) throws IOException {
        return send("POST", path, body);
    }

    HttpResponse<String> put(String path, Object body) throws IOException {
        return send("PUT", path, body);
    }

    HttpResponse<String> delete(String path) throws IOException {
        return send("DELETE", path, null);
    }

    /** @param body a JSON node, a JSON string, or null for none */
    HttpResponse<String> send(String method, String path, Object body) throws IOException {
        URI uri = path.startsWith("http") ? URI.create(path) : endpoint.resolve(path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(text(body)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Creates a job from a spec and returns its answer; fails unless the Hub answered 200. */
    JsonNode createJob(String namespace, JsonNode spec) throws IOException {
        HttpResponse<String> response = post("/api/jobs/" + namespace, spec);
        if (response.statusCode() != 200) {
            throw new AssertionError("create answered " + response.statusCode() + ": " + response.body());
        }
        return json(response);
    }

    String createJobId(String namespace, JsonNode spec) throws IOException {
        return createJob(namespace, spec).path("id").asText();
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return MAPPER.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }

    /** @return a minimal valid spec, as huggingface_hub's run_job builds it */
    static ObjectNode spec(String image) {
        ObjectNode spec = MAPPER.createObjectNode();
        spec.putArray("command").add("python").add("-c").add("print('hi')");
        spec.putArray("arguments");
        spec.putObject("environment");
        spec.put("flavor", "cpu-basic").put("dockerImage", image);
        return spec;
    }

    static ObjectNode spec() {
        return spec("python:3.12");
    }

    static ObjectNode labeled(String... keyValues) {
        ObjectNode spec = spec();
        ObjectNode labels = spec.putObject("labels");
        for (int i = 0; i < keyValues.length; i += 2) {
            labels.put(keyValues[i], keyValues[i + 1]);
        }
        return spec;
    }

    private static String text(Object body) {
        try {
            return body instanceof String text ? text : MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
