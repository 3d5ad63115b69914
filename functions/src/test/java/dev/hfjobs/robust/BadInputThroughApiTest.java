package dev.hfjobs.robust;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.api.ApiFunction;
import dev.hfjobs.emulator.HfJobsEmulator;
import dev.hfjobs.model.Wire;
import dev.hfjobs.testing.TestStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input through {@code ApiFunction}: every case must get a clear 4xx problem answer, send
 * nothing that writes to the Hub (a catalog read is allowed), never a 5xx, a stack trace or a secret.
 */
class BadInputThroughApiTest {
    static final String HUB_PATH = "Hub path: ";
    static final long START = System.nanoTime();
    static final AtomicInteger CASES = new AtomicInteger();
    static final AtomicInteger UNEXPECTED = new AtomicInteger();
    static final Map<String, String> KEY = Map.of("idempotency-key", "robust-key-1");

    static TestStack stack;
    static HfJobsEmulator hub;
    static ApiFunction function;

    @BeforeAll
    static void setUp() {
        stack = TestStack.create();
        hub = TestStack.hub();
        function = Robust.api(stack::wiring);
    }

    @BeforeEach
    void clearHub() {
        hub.clearRequests();
    }

    @AfterAll
    static void summary() {
        try {
            List<JsonNode> events = stack.events(Integer.MAX_VALUE, Duration.ofSeconds(2));
            int items = Robust.scanTable(stack);
            stack.assertNoSecretLeaked();
            System.out.printf("ROBUST bad input (API): %d cases, %d unexpected; %d failure events and %d table items"
                    + " scanned, 0 secret leaks; %d ms%n", CASES.get(), UNEXPECTED.get(), events.size(), items,
                    (System.nanoTime() - START) / 1_000_000);
            assertThat(CASES.get()).isGreaterThanOrEqualTo(100);
        } finally {
            stack.close();
        }
    }

    static Stream<Arguments> cases() {
        Map<String, byte[]> events = new LinkedHashMap<>();
        BadRequests.bodies().forEach((name, body) -> events.put("POST /jobs: " + name,
                bytes(Robust.http("POST", "/jobs", "", body, KEY))));
        paths(events);
        headers(events);
        base64(events);
        notApiEvents(events);
        schedules(events);
        return events.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    static byte[] bytes(JsonNode event) {
        return Wire.write(event).getBytes(StandardCharsets.UTF_8);
    }

    static final String ID = "0123456789abcdef01234567";

    static void paths(Map<String, byte[]> events) {
        for (String trick : BadRequests.traversals()) {
            String p = BadRequests.printable(trick);
            events.put("GET /jobs/{id} id=" + p, bytes(Robust.http("GET", "/jobs/" + trick, "", null, Map.of())));
            events.put("POST /jobs/{id}/cancel id=" + p,
                    bytes(Robust.http("POST", "/jobs/" + trick + "/cancel", "", null, Map.of())));
            events.put("GET /jobs?namespace=" + p, bytes(Robust.http("GET", "/jobs", "namespace=" + trick, null, Map.of())));
            events.put("GET /jobs/{id}?namespace=" + p,
                    bytes(Robust.http("GET", "/jobs/" + ID, "namespace=" + trick, null, Map.of())));
            events.put("DELETE /scheduled-jobs/{id} id=" + p,
                    bytes(Robust.http("DELETE", "/scheduled-jobs/" + trick, "", null, Map.of())));
        }
        for (String id : List.of("0123456789ABCDEF01234567", "0123456789abcdef0123456", "0123456789abcdef012345678",
                ID + "%00", ID + ";x", ID + "%3Fa=b", ID + "%23x")) {
            events.put("GET /jobs/{id} malformed id " + BadRequests.printable(id),
                    bytes(Robust.http("GET", "/jobs/" + id, "", null, Map.of())));
        }
        events.put("unknown route", bytes(Robust.http("GET", "/api/models/alice", "", null, Map.of())));
        events.put(HUB_PATH + "namespace with an encoded slash", bytes(Robust.http("GET", "/api/jobs/..%2Fapi", "",
                null, Map.of())));
        events.put(HUB_PATH + "malformed job id", bytes(Robust.http("GET", "/api/jobs/alice/..%2F..%2Fwhoami-v2",
                "", null, Map.of())));
        events.put(HUB_PATH + "spec with run_job's names", bytes(Robust.http("POST", "/api/jobs/alice", "",
                BadRequests.VALID, KEY)));
        events.put(HUB_PATH + "spec not JSON", bytes(Robust.http("POST", "/api/jobs/alice", "", "{\"command\": [",
                KEY)));
        events.put(HUB_PATH + "labels with a tracking key that is no string", bytes(Robust.http("PUT",
                "/api/jobs/alice/0123456789abcdef01234567/labels", "", "{\"labels\": {\"hfjobs-tracking\": 5}}",
                KEY)));
        events.put(HUB_PATH + "logs tail not a number", bytes(Robust.http("GET",
                "/api/jobs/alice/0123456789abcdef01234567/logs", "tail=all", null, Map.of())));
        events.put("wrong method", bytes(Robust.http("PATCH", "/jobs", "", BadRequests.VALID, KEY)));
        events.put("unknown query parameter on submit",
                bytes(Robust.http("POST", "/jobs", "namespace=alice", BadRequests.VALID, KEY)));
        events.put("bad stage filter", bytes(Robust.http("GET", "/jobs", "stage=..%2Fx", null, Map.of())));
        events.put("bad label filter", bytes(Robust.http("GET", "/jobs", "label=a%0Ab=c", null, Map.of())));
        events.put("forged cursor", bytes(Robust.http("GET", "/jobs", "cursor=Li4vLi4vYXBpL3dob2FtaQ", null, Map.of())));
        events.put("cursor of garbage", bytes(Robust.http("GET", "/jobs", "cursor=%FF%FE%00", null, Map.of())));
    }

    static void headers(Map<String, byte[]> events) {
        List<String> keys = List.of("abc\r\nX-Injected: 1", "abc\nSet-Cookie: a=b", "key with spaces", "k\u00E9y",
                "k".repeat(256), "", "\u0000", "ke\u2028y");
        for (int i = 0; i < keys.size(); i++) {
            events.put("Idempotency-Key injection #" + i, bytes(Robust.http("POST", "/jobs", "", BadRequests.VALID,
                    Map.of("idempotency-key", keys.get(i)))));
        }
        events.put("content-type with CRLF", bytes(Robust.http("POST", "/jobs", "", BadRequests.VALID,
                Map.of("content-type", "application/json\r\nX-Injected: 1", "idempotency-key", "k2"))));
        events.put("content-type text/plain", bytes(Robust.http("POST", "/jobs", "", BadRequests.VALID,
                Map.of("content-type", "text/plain", "idempotency-key", "k3"))));
        events.put("charset latin1", bytes(Robust.http("POST", "/jobs", "", BadRequests.VALID,
                Map.of("content-type", "application/json; charset=iso-8859-1", "idempotency-key", "k4"))));
        events.put("no body", bytes(Robust.http("POST", "/jobs", "", null, KEY)));
        events.put("empty body", bytes(Robust.http("POST", "/jobs", "", "", KEY)));
        events.put("blank body", bytes(Robust.http("POST", "/jobs", "", " \r\n\t ", KEY)));
    }

    static void base64(Map<String, byte[]> events) {
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("not base64", "!!!not base64!!!");
        bodies.put("binary garbage", Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2}));
        bodies.put("base64 deep nesting", Base64.getEncoder().encodeToString(
                BadRequests.deep("[", "]", 10_000).getBytes(StandardCharsets.UTF_8)));
        bodies.put("base64 of invalid UTF-8 JSON", Base64.getEncoder().encodeToString(
                new byte[] {'{', '"', 'a', (byte) 0xc3, '"', ':', '1', '}'}));
        bodies.forEach((name, body) -> {
            ObjectNode event = Robust.http("POST", "/jobs", "", body, KEY);
            event.put("isBase64Encoded", true);
            events.put("base64-flagged: " + name, bytes(event));
        });
    }

    static void notApiEvents(Map<String, byte[]> events) {
        Map<String, String> raw = new LinkedHashMap<>();
        raw.put("empty bytes", "");
        raw.put("{}", "{}");
        raw.put("[]", "[]");
        raw.put("null", "null");
        raw.put("a number", "42");
        raw.put("a string", "\"POST /jobs\"");
        raw.put("an SQS event", "{\"Records\": [{\"messageId\": \"m\", \"body\": \"{}\", \"eventSource\": \"aws:sqs\"}]}");
        raw.put("a scheduled event", "{\"version\": \"0\", \"detail-type\": \"Scheduled Event\", \"source\": \"aws.events\"}");
        raw.put("payload 1.0 without httpMethod", "{\"version\": \"1.0\", \"path\": \"/jobs\"}");
        raw.put("payload 2.0 with nothing else", "{\"version\": \"2.0\"}");
        raw.put("httpMethod is a number", "{\"httpMethod\": 5, \"path\": \"/jobs\"}");
        raw.put("headers is an array", "{\"version\": \"2.0\", \"rawPath\": \"/jobs\", \"headers\": [1, 2],"
                + " \"requestContext\": {\"http\": {\"method\": \"POST\"}}, \"body\": \"{}\"}");
        raw.put("body is an object", "{\"version\": \"2.0\", \"rawPath\": \"/jobs\", \"headers\": {\"content-type\":"
                + " \"application/json\"}, \"requestContext\": {\"http\": {\"method\": \"POST\"}}, \"body\": {\"image\": 1}}");
        raw.put("10,000 nested arrays as the event", BadRequests.deep("[", "]", 10_000));
        raw.put("truncated event", "{\"version\": \"2.0\", \"rawPath\": \"/jo");
        raw.put("event with 6 MB string", "{\"version\": \"2.0\", \"body\": \"" + "z".repeat(6 * 1024 * 1024) + "\"}");
        raw.forEach((name, text) -> events.put("not an API event: " + name, text.getBytes(StandardCharsets.UTF_8)));
        events.put("not an API event: invalid UTF-8 bytes", new byte[] {(byte) 0xc3, (byte) 0x28, '{', (byte) 0xff});
    }

    static void schedules(Map<String, byte[]> events) {
        List<String> bad = List.of("\"every day\"", "\"* * *\"", "\"61 * * * *\"", "\"\"", "42", "\"@hourly; rm -rf /\"",
                "\"* * * * * *\"", "\"@sometimes\"", "null", "\"0 0 32 1 *\"", "\"0\\u0000 * * * *\"");
        for (String schedule : bad) {
            events.put("POST /scheduled-jobs schedule=" + BadRequests.printable(schedule),
                    bytes(Robust.http("POST", "/scheduled-jobs", "", BadRequests.with("schedule", schedule), KEY)));
        }
        events.put("POST /scheduled-jobs suspend as a string", bytes(Robust.http("POST", "/scheduled-jobs", "",
                BadRequests.with("schedule", "\"@daily\", \"suspend\": \"yes\""), KEY)));
        events.put("POST /scheduled-jobs concurrency as a number", bytes(Robust.http("POST", "/scheduled-jobs", "",
                BadRequests.with("schedule", "\"@daily\", \"concurrency\": 1"), KEY)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusedWithA4xxAndNothingSentToTheHub(String name, byte[] event) {
        CASES.incrementAndGet();
        boolean ok = false;
        try {
            String text = Robust.invoke(function, event, 30);
            stack.saw(text);
            Robust.assertClean(text);
            JsonNode answer = Wire.parse(text);
            int status = answer.path("statusCode").asInt();
            assertThat(status).as("status of " + name).isBetween(400, 499);
            answer.path("headers").forEach(v -> assertThat(v.asText()).doesNotContain("\r").doesNotContain("\n"));
            JsonNode body = Wire.parse(answer.path("body").asText());
            if (name.startsWith(HUB_PATH)) {
                // The Hub's own paths answer in the Hub's shape, which huggingface_hub shows.
                assertThat(answer.at("/headers/Content-Type").asText()).isEqualTo("application/json");
                assertThat(body.path("error").asText()).isNotBlank();
                assertThat(answer.at("/headers/X-Error-Message").asText()).isNotBlank();
            } else {
                assertThat(answer.at("/headers/Content-Type").asText()).isEqualTo("application/problem+json");
                assertThat(body.path("status").asInt()).isEqualTo(status);
                assertThat(body.path("type").asText()).startsWith("urn:hf-jobs-serverless:problem:");
            }
            assertThat(Robust.writes(hub)).as("requests that write to the Hub").isEmpty();
            assertThat(hub.requests()).allSatisfy(r -> assertThat(r.path()).isEqualTo("/api/jobs/hardware"));
            ok = true;
        } finally {
            if (!ok) {
                UNEXPECTED.incrementAndGet();
            }
        }
    }

    @Test
    void aValidRequestStillWorksAfterAllThat() {
        String text = Robust.invoke(function, bytes(Robust.http("POST", "/jobs", "", BadRequests.VALID,
                Map.of("idempotency-key", "robust-valid"))), 30);
        stack.saw(text);
        Robust.assertClean(text);
        assertThat(Wire.parse(text).path("statusCode").asInt()).isEqualTo(201);
        assertThat(Robust.posts(hub)).isEqualTo(1);
    }
}
