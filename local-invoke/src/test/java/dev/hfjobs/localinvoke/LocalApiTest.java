package dev.hfjobs.localinvoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LocalApi in front of a real runtime running {@code testfn.HttpEchoHandler}, started through its command line. */
class LocalApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final ByteArrayOutputStream ACCESS_LOG = new ByteArrayOutputStream();

    @TempDir
    static Path project;
    static LocalApiMain.Started started;
    static URI endpoint;

    @BeforeAll
    static void startLocalApi() throws IOException {
        TestFunctions.writeProject(project);
        Path template = project.resolve("api-template.yaml");
        Files.writeString(template, """
                Resources:
                  HttpEchoFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: dev.hfjobs.localinvoke.testfn.HttpEchoHandler::handleRequest
                      Runtime: java21
                      CodeUri: build/test-functions.zip
                      MemorySize: 256
                      Timeout: 20
                """);
        started = LocalApiMain.start(List.of("--port", "0", "-t", template.toString(), "HttpEchoFunction"),
                Map.of("AWS_ACCESS_KEY_ID", "AKIDLOCAL", "AWS_SECRET_ACCESS_KEY", "local-secret"),
                new PrintStream(ACCESS_LOG, true, StandardCharsets.UTF_8), System.err);
        endpoint = started.api().endpoint();
    }

    @AfterAll
    static void stop() {
        started.close();
    }

    @Test
    void aRequestBecomesAPayload2EventWithEveryPartOfIt() throws Exception {
        byte[] binary = {0, 1, 2, (byte) 0xff, 'h'};
        HttpResponse<String> response = send(HttpRequest.newBuilder(endpoint.resolve(
                        "/api/jobs/alice?b=2&a=1&a=3&x=%20y"))
                .header("X-Repeat", "1").header("X-Repeat", "2").header("Authorization", "Bearer hf_caller")
                .header("Cookie", "c=1; d=2").header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(binary)));

        JsonNode event = JSON.readTree(response.body());
        assertThat(event.path("version").asText()).isEqualTo("2.0");
        assertThat(event.path("routeKey").asText()).isEqualTo("$default");
        assertThat(event.path("rawPath").asText()).isEqualTo("/api/jobs/alice");
        assertThat(event.path("rawQueryString").asText()).isEqualTo("b=2&a=1&a=3&x=%20y");
        assertThat(event.path("queryStringParameters")).isEqualTo(JSON.readTree("{\"b\":\"2\",\"a\":\"1,3\",\"x\":\" y\"}"));
        assertThat(event.path("headers").path("x-repeat").asText()).isEqualTo("1,2");
        assertThat(event.path("headers").path("authorization").asText()).isEqualTo("Bearer hf_caller");
        assertThat(event.path("headers").has("cookie")).isFalse();
        assertThat(event.path("cookies")).isEqualTo(JSON.readTree("[\"c=1\",\"d=2\"]"));
        assertThat(event.path("isBase64Encoded").asBoolean()).isTrue();
        assertThat(Base64.getDecoder().decode(event.path("body").asText())).isEqualTo(binary);
        JsonNode context = event.path("requestContext");
        assertThat(context.at("/http/method").asText()).isEqualTo("POST");
        assertThat(context.at("/http/path").asText()).isEqualTo("/api/jobs/alice");
        assertThat(context.at("/http/protocol").asText()).isEqualTo("HTTP/1.1");
        assertThat(context.at("/http/sourceIp").asText()).isEqualTo("127.0.0.1");
        assertThat(context.at("/http/userAgent").asText()).startsWith("Java-http-client");
        assertThat(context.at("/authorizer/iam/userArn").asText())
                .isEqualTo("arn:aws:sts::123456789012:assumed-role/local-developer/local");
        assertThat(context.path("stage").asText()).isEqualTo("$default");
        assertThat(context.path("time").asText()).matches("\\d\\d/[A-Z][a-z]{2}/\\d{4}:\\d\\d:\\d\\d:\\d\\d \\+0000");
        assertThat(context.path("timeEpoch").asLong()).isPositive();
        assertThat(response.headers().firstValue("apigw-requestid")).hasValue(context.path("requestId").asText());
    }

    @Test
    void theProxyAnswerBecomesTheResponseWithEveryHeader() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(endpoint.resolve("/jobs")).GET());

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.headers().firstValue("x-single")).hasValue("one");
        assertThat(response.headers().allValues("x-multi")).containsExactly("a", "b");
        assertThat(response.headers().allValues("set-cookie")).containsExactly("c1=v1", "c2=v2; Path=/");
        assertThat(response.headers().firstValue("content-length")).hasValue(
                Integer.toString(response.body().getBytes(StandardCharsets.UTF_8).length));
    }

    @Test
    void aJsonBodyStaysTextAndNoQueryMeansNoParameters() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(endpoint.resolve("/jobs"))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"a\": \"é\"}")));

        JsonNode event = JSON.readTree(response.body());
        assertThat(event.path("body").asText()).isEqualTo("{\"a\": \"é\"}");
        assertThat(event.path("isBase64Encoded").asBoolean()).isFalse();
        assertThat(event.path("rawQueryString").asText()).isEmpty();
        assertThat(event.has("queryStringParameters")).isFalse();
        assertThat(event.has("cookies")).isFalse();
    }

    @Test
    void aBase64AnswerIsWrittenAsItsBytes() throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(endpoint.resolve("/binary")).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(new byte[] {0, 1, 2, (byte) 0xff});
        assertThat(response.headers().firstValue("content-type")).hasValue("application/octet-stream");
    }

    @Test
    void anAnswerWithoutStatusCodeIsA200JsonBody() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(endpoint.resolve("/plain")).GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree("{\"just\":\"json\"}"));
    }

    @Test
    void aFunctionErrorIsA500AndTheNextRequestIsServedByTheSameWarmJvm() throws Exception {
        String pid = send(HttpRequest.newBuilder(endpoint.resolve("/first")).GET()).headers().firstValue("x-pid")
                .orElseThrow();

        HttpResponse<String> failed = send(HttpRequest.newBuilder(endpoint.resolve("/fail")).GET());
        HttpResponse<String> after = send(HttpRequest.newBuilder(endpoint.resolve("/after")).GET());

        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.body()).isEqualTo("{\"message\":\"Internal Server Error\"}");
        assertThat(after.statusCode()).isEqualTo(201);
        assertThat(after.headers().firstValue("x-pid")).hasValue(pid);
    }

    @Test
    void everyRequestGetsOneAccessLine() throws Exception {
        send(HttpRequest.newBuilder(endpoint.resolve("/plain?x=1")).method("DELETE", HttpRequest.BodyPublishers.noBody()));

        assertThat(ACCESS_LOG.toString(StandardCharsets.UTF_8)).containsPattern("(?m)^DELETE /plain\\?x=1 200 \\d+ ms$");
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
