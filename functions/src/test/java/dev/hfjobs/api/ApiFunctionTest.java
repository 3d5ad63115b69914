package dev.hfjobs.api;

import static dev.hfjobs.api.ApiEvents.body;
import static dev.hfjobs.api.ApiEvents.post;
import static dev.hfjobs.api.ApiEvents.v2;
import static dev.hfjobs.testing.Deadlines.soon;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.model.Wire;
import dev.hfjobs.submit.SubmitEvents;
import dev.hfjobs.testing.TestStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ApiFunction end to end: real event fixtures in, the emulator as the Hub, moto for AWS. */
class ApiFunctionTest extends ApiHarness {
    static final String JOB = """
            {"image": "python:3.12", "command": ["python", "train.py"], "secrets": {"WANDB_API_KEY":
             "s3cr3t-wandb-value"}, "flavor": "a10g-small", "timeout": "30m", "labels": {"team": "ml"}}""";

    JsonNode submit(String body, String key) {
        Map<String, String> headers = new java.util.HashMap<>(JSON);
        if (key != null) {
            headers.put("idempotency-key", key);
        }
        return invoke(post("/jobs", body, headers));
    }


    @Test
    void payloadV2SubmitCreatesTheJobAndAnswers201() {
        JsonNode answer = invoke(ApiEvents.fixture("api-v2-submit.json"));

        assertThat(status(answer)).isEqualTo(201);
        JsonNode job = body(answer);
        assertThat(job.path("id").asText()).matches("[0-9a-f]{24}");
        assertThat(job.path("url").asText()).isEqualTo(hub.endpoint() + "/jobs/acme-ml/" + job.path("id").asText());
        assertThat(job.path("secrets").has("WANDB_API_KEY")).isTrue();
        assertThat(job.path("labels").path("hfjobs-tracking").asText()).matches("[0-9a-f]{32}");
        assertThat(answer.at("/headers/Location").asText()).isEqualTo("/jobs/" + job.path("id").asText()
                + "?namespace=acme-ml");
        assertThat(hub.createdJobCount()).isEqualTo(1);
        List<JsonNode> events = stack.events(1, Duration.ofSeconds(5));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.path("detail-type").asText()).isEqualTo(SubmitEvents.SUBMITTED);
            assertThat(e.at("/detail/caller").asText()).isEqualTo("arn:aws:sts::123456789012:assumed-role/ml-pipeline/session");
            assertThat(e.at("/detail/eventId").asText()).isEqualTo(job.path("id").asText() + ":SUBMITTED");
        });
        assertThat(stack.jobs().find(job.path("id").asText(), soon())).hasValueSatisfying(record -> {
            assertThat(record.namespace()).isEqualTo("acme-ml");
            assertThat(record.source()).isEqualTo("api");
            assertThat(record.idempotencyKey()).endsWith(":train-2026-11-24-001");
        });
    }

    @Test
    void restApiV1SubmitIsAcceptedToo() {
        JsonNode answer = invoke(ApiEvents.fixture("api-v1-submit.json"));

        assertThat(status(answer)).isEqualTo(201);
        assertThat(body(answer).path("owner").path("name").asText()).isEqualTo("alice");
        assertThat(body(answer).path("timeoutSeconds").asLong()).isEqualTo(600);
    }

    @Test
    void sameKeyTwiceReturnsTheFirstJob() {
        JsonNode first = submit(JOB, "key-1");
        JsonNode second = submit(JOB, "key-1");

        assertThat(status(first)).isEqualTo(201);
        assertThat(status(second)).isEqualTo(201);
        assertThat(second.at("/headers/Idempotent-Replayed").asText()).isEqualTo("true");
        assertThat(body(second).path("id")).isEqualTo(body(first).path("id"));
        assertThat(hub.createdJobCount()).isEqualTo(1);
    }

    @Test
    void concurrentDuplicatesStartOneJob() throws Exception {
        hub.latency(Duration.ofMillis(300));
        List<Future<JsonNode>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> submit(JOB, "same-key")));
            }
        }
        hub.latency(Duration.ZERO);
        List<Integer> statuses = new ArrayList<>();
        for (Future<JsonNode> answer : answers) {
            statuses.add(status(answer.get()));
        }

        assertThat(hub.createdJobCount()).isEqualTo(1);
        assertThat(statuses).contains(201).allMatch(s -> s == 201 || s == 409);
        assertThat(status(submit(JOB, "same-key"))).isEqualTo(201);
        assertThat(hub.createdJobCount()).isEqualTo(1);
    }

    @Test
    void sameKeyWithAnotherRequestIs409() {
        submit(JOB, "key-2");
        JsonNode answer = submit(JOB.replace("30m", "45m"), "key-2");

        assertThat(status(answer)).isEqualTo(409);
        assertThat(body(answer).path("type").asText()).endsWith("idempotency-key-reused");
        assertThat(hub.createdJobCount()).isEqualTo(1);
    }

    @Test
    void invalidRequestIs400ListingEveryProblemAndNothingReachesTheHub() {
        JsonNode answer = submit("""
                {"image": "", "command": [], "timeout": -1, "flavour": "x", "labels": {"hfjobs-x": "y"}}""", "k");

        assertThat(status(answer)).isEqualTo(400);
        assertThat(answer.at("/headers/Content-Type").asText()).isEqualTo("application/problem+json");
        assertThat(body(answer).path("problems")).extracting(p -> p.path("field").asText())
                .containsExactlyInAnyOrder("flavour", "image", "command", "timeout", "labels.hfjobs-x");
        assertThat(hub.requests()).isEmpty();
        assertThat(stack.events(1, Duration.ofSeconds(5))).singleElement()
                .satisfies(e -> assertThat(e.path("detail-type").asText()).isEqualTo(SubmitEvents.FAILED));
    }

    @Test
    void secretValuesInABadRequestAreNotEchoedInTheFailureEvent() {
        submit("{\"image\": \"python:3.12\", \"command\": \"ls\", \"secrets\": {\"A\": \"s3cr3t-hf-value\"}}", "k");

        JsonNode event = stack.events(1, Duration.ofSeconds(5)).getFirst();
        assertThat(event.at("/detail/request/secrets/A").asText()).isEqualTo("***");
    }

    @Test
    void malformedJsonIs400() {
        JsonNode answer = submit("{\"image\": ", "k");
        assertThat(status(answer)).isEqualTo(400);
        assertThat(body(answer).path("type").asText()).endsWith("malformed-json");
    }

    @Test
    void wrongContentTypeIs415() {
        assertThat(status(invoke(post("/jobs", JOB, Map.of("content-type", "text/plain"))))).isEqualTo(415);
    }

    @Test
    void hugeBodyIs413() {
        String huge = "{\"image\": \"python:3.12\", \"command\": [\"" + "x".repeat(300_000) + "\"]}";
        assertThat(status(submit(huge, "k"))).isEqualTo(413);
    }

    @Test
    void unknownRouteIs404AndWrongMethodIs405() {
        assertThat(status(invoke(v2("GET", "/nope")))).isEqualTo(404);
        JsonNode answer = invoke(v2("DELETE", "/jobs"));
        assertThat(status(answer)).isEqualTo(405);
        assertThat(answer.at("/headers/Allow").asText()).isEqualTo("GET, POST");
    }

    @Test
    void notAnApiGatewayEventIs400() {
        assertThat(status(invoke(Wire.parse("{\"hello\": \"world\"}")))).isEqualTo(400);
    }

    @Test
    void unknownFlavorIs400ListingTheValidOnesAndNoJobIsPosted() {
        JsonNode answer = submit(JOB.replace("a10g-small", "tpu-v9"), "k");

        assertThat(status(answer)).isEqualTo(400);
        assertThat(body(answer).at("/problems/0/field").asText()).isEqualTo("flavor");
        assertThat(body(answer).at("/problems/0/rule").asText()).contains("cpu-basic", "a10g-small");
        assertThat(hub.requests()).noneMatch(r -> r.method().equals("POST"));
    }

    @Test
    void jobWhoseWorstCaseCostExceedsTheLimitIs422() {
        stack.env.put("MAX_JOB_COST_USD", "1.50");
        function = new ApiFunction(stack::wiring);

        JsonNode refused = submit(JOB.replace("30m", "2h"), "expensive");
        JsonNode allowed = submit(JOB, "cheap");

        assertThat(status(refused)).isEqualTo(422);
        assertThat(body(refused).at("/problems/0/rule").asText()).contains("MAX_JOB_COST_USD", "a10g-small");
        assertThat(status(allowed)).isEqualTo(201);
        assertThat(hub.createdJobCount()).isEqualTo(1);
    }

    @Test
    void hubRefusalIs400WithTheHubsMessage() {
        hub.failNext("POST", "^/api/jobs/alice$", 1, 400);

        JsonNode answer = submit(JOB, "k");

        assertThat(status(answer)).isEqualTo(400);
        assertThat(body(answer).path("type").asText()).endsWith("hub-rejected");
    }

    @Test
    void namespaceTheTokenCannotUseIs502NamingTheToken() {
        JsonNode answer = submit(JOB.replace("{\"image\"", "{\"namespace\": \"other-org\", \"image\""), "k");

        assertThat(status(answer)).isEqualTo(502);
        assertThat(body(answer).path("title").asText()).contains("rejected the configured token");
    }

    @Test
    void rateLimitIs429WithRetryAfter() {
        hub.rateLimitNext(50, 40);
        JsonNode answer = submit(JOB, "k");

        assertThat(status(answer)).isEqualTo(429);
        assertThat(answer.at("/headers/Retry-After").asText()).isEqualTo("40");
        assertThat(hub.createdJobCount()).isZero();
    }

    @Test
    void lostAnswerAfterCreationStillGivesOneJob() {
        hub.dropAfterCreate(1);

        JsonNode answer = submit(JOB, "lost-1");

        assertThat(status(answer)).isEqualTo(201);
        assertThat(hub.createdJobCount()).isEqualTo(1);
        assertThat(hub.requests().stream().filter(r -> r.method().equals("POST"))).hasSize(1);
    }

    @Test
    void hub503OnCreateIsSearchedThenPostedOnce() {
        hub.failNext("POST", "^/api/jobs/alice$", 1, 503);

        JsonNode answer = submit(JOB, "k503");

        assertThat(status(answer)).isEqualTo(201);
        assertThat(hub.createdJobCount()).isEqualTo(1);
    }

    @Test
    void hubDownIs502AndARetryWithTheSameKeyCreatesOneJob() {
        hub.failNext("POST", "^/api/jobs/alice$", 2, 500);

        assertThat(status(submit(JOB, "retry-me"))).isEqualTo(502);
        assertThat(status(submit(JOB, "retry-me"))).isEqualTo(201);
        assertThat(status(submit(JOB, "retry-me"))).isEqualTo(201);
        assertThat(hub.createdJobCount()).isEqualTo(1);
    }

    @Test
    void inspectListCancelAndHardware() {
        String id = body(submit(JOB, "k")).path("id").asText();
        hub.setStage(id, "RUNNING", null);

        JsonNode inspected = invoke(v2("GET", "/jobs/" + id));
        assertThat(status(inspected)).isEqualTo(200);
        assertThat(body(inspected).at("/status/stage").asText()).isEqualTo("RUNNING");

        JsonNode listed = invoke(v2("GET", "/jobs", "stage=RUNNING&label=team%3Dml", null, Map.of()));
        assertThat(status(listed)).isEqualTo(200);
        assertThat(body(listed).path("jobs")).extracting(j -> j.path("id").asText()).containsExactly(id);

        JsonNode canceled = invoke(v2("POST", "/jobs/" + id + "/cancel"));
        assertThat(status(canceled)).isEqualTo(200);
        assertThat(body(canceled).at("/status/stage").asText()).isEqualTo("CANCELED");

        JsonNode hardware = invoke(v2("GET", "/hardware"));
        assertThat(status(hardware)).isEqualTo(200);
        assertThat(body(hardware)).extracting(h -> h.path("name").asText()).contains("cpu-basic");
    }

    @Test
    void listingPagesWithACursor() {
        hub.pageSize(2);
        for (int i = 0; i < 5; i++) {
            submit(JOB, "page-" + i);
        }
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = body(invoke(v2("GET", "/jobs", cursor == null ? "" : "cursor=" + cursor, null, Map.of())));
            page.path("jobs").forEach(j -> ids.add(j.path("id").asText()));
            cursor = page.path("next").isNull() ? null : page.path("next").asText();
        } while (cursor != null);

        assertThat(ids).hasSize(5).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/jobs/..%2F..%2Fwhoami-v2", "/jobs/0123456789ABCDEF01234567", "/jobs/%2e%2e",
        "/jobs/0123456789abcdef0123456"})
    void badJobIdIs400AndNeverReachesTheHub(String path) {
        JsonNode answer = invoke(v2("GET", path));

        assertThat(status(answer)).isEqualTo(400);
        assertThat(hub.requests()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"namespace=..%2Fadmin", "namespace=a%2Fb", "cursor=Zm9v", "stage=RUN%0ANING",
        "label=a", "bogus=1"})
    void badListQueryIs400AndNeverReachesTheHub(String query) {
        JsonNode answer = invoke(v2("GET", "/jobs", query, null, Map.of()));

        assertThat(status(answer)).isEqualTo(400);
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void unknownJobIs404() {
        assertThat(status(invoke(v2("GET", "/jobs/0123456789abcdef01234567")))).isEqualTo(404);
    }

    @Test
    void rotatedTokenIsReadAgainAfterA401() {
        stack.moto.aws().secretsManager().putSecretValue(b -> b.secretId(stack.secretId).secretString("hf_revoked"));
        ApiFunction fresh = new ApiFunction(stack::wiring);
        function = fresh;
        invoke(v2("GET", "/hardware"));
        stack.moto.aws().secretsManager().putSecretValue(b -> b.secretId(stack.secretId)
                .secretString("{\"HF_TOKEN\": \"" + TestStack.TOKEN + "\"}"));

        JsonNode answer = submit(JOB, "after-rotation");

        assertThat(status(answer)).isEqualTo(201);
    }

    @Test
    void missingSecretIs500WithAGenericMessage() {
        stack.env.put("HF_TOKEN_SECRET_ID", "no-such-secret");
        function = new ApiFunction(stack::wiring);

        JsonNode answer = submit(JOB, "k");

        assertThat(status(answer)).isEqualTo(500);
        assertThat(body(answer).path("detail").asText()).doesNotContain("no-such-secret");
        assertThat(stack.seen()).anySatisfy(line -> assertThat(line).contains("no-such-secret"));
        assertThat(hub.createdJobCount()).isZero();
    }

    @Test
    void answersNeverCarryAStackTrace() {
        ObjectNode event = v2("GET", "/jobs");
        event.put("rawQueryString", "%zz=%");
        JsonNode answer = invoke(event);
        assertThat(answer.path("body").asText()).doesNotContain("at dev.hfjobs", "Exception");
    }
}
