package dev.hfjobs.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * What the JSON clients put on the wire is what they signed: the request a server receives (its
 * method, path, Host, every signed header and the body) signed again by the SDK's own signer gives
 * the same signature. moto does not check signatures; AWS does.
 */
class SignedOnTheWireTest {
    private static final AwsSessionCredentials CREDENTIALS = AwsSessionCredentials.create("ASIAEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session+token/=");
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, SignedHeaders=([^,]+), "
                    + "Signature=([0-9a-f]{64})");

    record Received(String method, String path, Map<String, List<String>> headers, byte[] body) {}

    private HttpServer server;
    private final AtomicReference<Received> received = new AtomicReference<>();
    private AwsClients clients;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
        clients = AwsClients.forEndpoint(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                Region.US_EAST_1, StaticCredentialsProvider.create(CREDENTIALS));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll(exchange.getRequestHeaders());
            received.set(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), headers,
                    exchange.getRequestBody().readAllBytes()));
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    @Test
    void dynamoDbItemReadIsSignedAsSent() {
        clients.dynamoDb().getItem(b -> b.tableName("jobs").key(Map.of("pk", AttributeValue.fromS("job#1 ü"))));

        assertSignatureHolds(received.get());
    }

    @Test
    void eventPutIsSignedAsSent() {
        clients.eventBridge().putEvents(b -> b.entries(PutEventsRequestEntry.builder().source("hf.jobs")
                .detailType("HF Job Submitted").detail("{\"jobId\": \"abc\", \"note\": \"é\"}").eventBusName("bus")
                .build()));

        assertSignatureHolds(received.get());
    }

    private static void assertSignatureHolds(Received request) {
        Matcher auth = AUTHORIZATION.matcher(request.headers().get("Authorization").getFirst());
        assertThat(auth.matches()).as("Authorization header: %s", request.headers().get("Authorization")).isTrue();
        Instant at = Instant.from(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssX").withZone(ZoneOffset.UTC)
                .parse(request.headers().get("X-Amz-Date").getFirst()));
        SdkHttpFullRequest.Builder resent = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.fromValue(request.method()))
                .uri(URI.create("http://" + request.headers().get("Host").getFirst() + request.path()));
        for (String name : auth.group(5).split(";")) {
            if (!List.of("host", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256").contains(name)) {
                assertThat(request.headers()).as("signed header %s was sent", name).containsKey(name);
                resent.putHeader(name, request.headers().get(name));
            }
        }
        var signed = AwsV4HttpSigner.create().sign(r -> r.identity(CREDENTIALS).request(resent.build())
                .payload(ContentStreamProvider.fromByteArray(request.body()))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, auth.group(4))
                .putProperty(AwsV4HttpSigner.REGION_NAME, auth.group(3))
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)));

        assertThat(signed.request().firstMatchingHeader("Authorization")).contains(
                request.headers().get("Authorization").getFirst());
        assertThat(request.headers().get("X-Amz-Security-Token")).containsExactly("session+token/=");
    }
}
