package dev.hfjobs.api;

import static dev.hfjobs.api.ApiEvents.body;
import static dev.hfjobs.api.ApiEvents.post;
import static dev.hfjobs.api.ApiEvents.v2;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hfjobs.emulator.RecordedRequest;
import dev.hfjobs.model.Wire;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code /scheduled-jobs} routes through ApiFunction: payload 2.0 events, the emulator as the Hub. */
class ScheduledJobsRoutesTest extends ApiHarness {
    static final String SCHEDULED = """
            {"image": "python:3.12", "command": ["python", "nightly.py"], "secrets": {"WANDB_API_KEY":
             "s3cr3t-wandb-value"}, "labels": {"team": "ml"}, "timeout": "30m", "schedule": "0 3 * * MON-FRI",
             "concurrency": false}""";

    JsonNode create(String body) {
        return invoke(post("/scheduled-jobs", body, JSON));
    }

    String createdId() {
        JsonNode answer = create(SCHEDULED);
        assertThat(status(answer)).isEqualTo(201);
        return body(answer).path("id").asText();
    }


    @Test
    void createListGetSuspendResumeRunDelete() {
        JsonNode created = create(SCHEDULED);
        assertThat(status(created)).isEqualTo(201);
        JsonNode scheduled = body(created);
        String id = scheduled.path("id").asText();
        assertThat(id).matches("[0-9a-f]{24}");
        assertThat(created.at("/headers/Location").asText()).isEqualTo("/scheduled-jobs/" + id + "?namespace=alice");
        assertThat(scheduled.path("schedule").asText()).isEqualTo("0 3 * * MON-FRI");
        assertThat(scheduled.path("concurrency").asBoolean()).isFalse();
        // create_scheduled_job's default name, as huggingface_hub 2.0 derives it, then the project's labels.
        assertThat(scheduled.at("/jobSpec/labels")).isEqualTo(Wire.parse("{\"team\": \"ml\", \"name\": "
                + "\"python-3-12-7bf2a957\", \"hfjobs-managed\": \"true\", \"hfjobs-source\": \"scheduled\"}"));
        assertThat(scheduled.at("/jobSpec/secrets").has("WANDB_API_KEY")).isTrue();
        assertThat(scheduled.at("/owner/name").asText()).isEqualTo("alice");

        JsonNode listed = invoke(v2("GET", "/scheduled-jobs", "label=team%3Dml", null, Map.of()));
        assertThat(status(listed)).isEqualTo(200);
        assertThat(body(listed).path("scheduledJobs")).extracting(s -> s.path("id").asText()).containsExactly(id);
        assertThat(body(invoke(v2("GET", "/scheduled-jobs", "label=team%3Dother", null, Map.of())))
                .path("scheduledJobs")).isEmpty();

        JsonNode inspected = invoke(v2("GET", "/scheduled-jobs/" + id));
        assertThat(status(inspected)).isEqualTo(200);
        assertThat(body(inspected).path("id").asText()).isEqualTo(id);

        JsonNode suspended = invoke(v2("POST", "/scheduled-jobs/" + id + "/suspend"));
        assertThat(status(suspended)).isEqualTo(200);
        assertThat(body(suspended).path("suspend").asBoolean()).isTrue();
        assertThat(body(suspended).at("/status/nextJobRunAt").isNull()).isTrue();

        JsonNode resumed = invoke(v2("POST", "/scheduled-jobs/" + id + "/resume", "namespace=alice", null, Map.of()));
        assertThat(status(resumed)).isEqualTo(200);
        assertThat(body(resumed).path("suspend").asBoolean()).isFalse();
        assertThat(body(resumed).at("/status/nextJobRunAt").asText()).isNotEmpty();

        JsonNode run = invoke(v2("POST", "/scheduled-jobs/" + id + "/run"));
        assertThat(status(run)).isEqualTo(201);
        String jobId = body(run).path("id").asText();
        assertThat(body(run).path("url").asText()).isEqualTo(hub.endpoint() + "/jobs/alice/" + jobId);
        assertThat(run.at("/headers/Location").asText()).isEqualTo("/jobs/" + jobId + "?namespace=alice");
        assertThat(hub.job(jobId)).hasValueSatisfying(job -> {
            assertThat(job.labels()).containsEntry("hfjobs-managed", "true").containsEntry("hfjobs-source", "scheduled")
                    .containsEntry("team", "ml");
            assertThat(job.secretNames()).containsExactly("WANDB_API_KEY");
            assertThat(job.scheduledJobId()).contains(id);
        });
        assertThat(body(invoke(v2("GET", "/scheduled-jobs/" + id))).at("/status/lastJob/id").asText())
                .isEqualTo(jobId);

        JsonNode deleted = invoke(v2("DELETE", "/scheduled-jobs/" + id));
        assertThat(status(deleted)).isEqualTo(204);
        assertThat(deleted.path("body").asText()).isEmpty();
        assertThat(deleted.path("headers").has("Content-Type")).isFalse();

        JsonNode gone = invoke(v2("GET", "/scheduled-jobs/" + id));
        assertThat(status(gone)).isEqualTo(404);
        assertThat(gone.at("/headers/Content-Type").asText()).isEqualTo("application/problem+json");
    }

    @Test
    void whatIsPostedIsTheJobSpecWithSecretsScheduleAndFlags() {
        createdId();

        RecordedRequest posted = hub.requests().stream().filter(r -> r.method().equals("POST")).findFirst()
                .orElseThrow();
        assertThat(posted.path()).isEqualTo("/api/scheduled-jobs/alice");
        JsonNode sent = Wire.parse(posted.body());
        assertThat(sent.path("schedule").asText()).isEqualTo("0 3 * * MON-FRI");
        assertThat(sent.path("concurrency").asBoolean(true)).isFalse();
        assertThat(sent.has("suspend")).isFalse();
        assertThat(sent.at("/jobSpec/timeoutSeconds").asLong()).isEqualTo(1800);
        assertThat(sent.at("/jobSpec/dockerImage").asText()).isEqualTo("python:3.12");
        assertThat(sent.at("/jobSpec/labels/hfjobs-source").asText()).isEqualTo("scheduled");
        assertThat(hub.requests()).filteredOn(r -> r.method().equals("POST")).hasSize(1);
    }

    @Test
    void createAnswerNeverEchoesSecretValues() {
        JsonNode answer = create(SCHEDULED);

        assertThat(answer.path("body").asText()).doesNotContain("s3cr3t-wandb-value").contains("WANDB_API_KEY");
        assertThat(body(invoke(v2("GET", "/scheduled-jobs"))).toString()).doesNotContain("s3cr3t-wandb-value");
    }

    @ParameterizedTest
    @ValueSource(strings = {"60 * * * *", "* * * *", "@midnight", "0 0 * * 8", "*/0 * * * *", "0 0 L * *",
        "30-10 * * * *", "0 0 * JANUARY *", ""})
    void badScheduleIs400AndNothingReachesTheHub(String schedule) {
        JsonNode answer = create(SCHEDULED.replace("0 3 * * MON-FRI", schedule));

        assertThat(status(answer)).isEqualTo(400);
        assertThat(answer.at("/headers/Content-Type").asText()).isEqualTo("application/problem+json");
        assertThat(body(answer).path("problems")).singleElement().satisfies(p -> {
            assertThat(p.path("field").asText()).isEqualTo("schedule");
            assertThat(p.path("rule").asText()).containsAnyOf("5-field cron", "*/n");
        });
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void everyProblemIsListedTogetherWithTheSubmitFieldsProblems() {
        JsonNode answer = create("""
                {"image": "", "command": [], "schedule": "99 * * * *", "suspend": "yes", "concurrency": 1,
                 "labels": {"hfjobs-managed": "false"}, "cron": "x"}""");

        assertThat(status(answer)).isEqualTo(400);
        assertThat(body(answer).path("problems")).extracting(p -> p.path("field").asText())
                .containsExactlyInAnyOrder("cron", "image", "command", "labels.hfjobs-managed", "schedule", "suspend",
                        "concurrency");
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void missingScheduleIs400() {
        JsonNode answer = create("{\"image\": \"python:3.12\", \"command\": [\"ls\"]}");

        assertThat(status(answer)).isEqualTo(400);
        assertThat(body(answer).at("/problems/0/field").asText()).isEqualTo("schedule");
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void malformedJsonWrongContentTypeAndUnknownQueryAreRefusedBeforeTheHub() {
        assertThat(status(create("{\"image\": "))).isEqualTo(400);
        assertThat(status(invoke(post("/scheduled-jobs", SCHEDULED, Map.of("content-type", "text/plain")))))
                .isEqualTo(415);
        assertThat(status(invoke(v2("POST", "/scheduled-jobs", "dryRun=1", SCHEDULED, JSON)))).isEqualTo(400);
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void namespaceFromTheBodyIsUsed() {
        JsonNode answer = create(SCHEDULED.replace("{\"image\"", "{\"namespace\": \"acme-ml\", \"image\""));

        assertThat(status(answer)).isEqualTo(201);
        assertThat(answer.at("/headers/Location").asText()).endsWith("?namespace=acme-ml");
        String id = body(answer).path("id").asText();
        assertThat(status(invoke(v2("GET", "/scheduled-jobs/" + id, "namespace=acme-ml", null, Map.of()))))
                .isEqualTo(200);
        assertThat(status(invoke(v2("GET", "/scheduled-jobs/" + id)))).isEqualTo(404);
        assertThat(body(invoke(v2("GET", "/scheduled-jobs", "namespace=acme-ml", null, Map.of())))
                .path("scheduledJobs")).hasSize(1);
    }

    @Test
    void bodyAndQueryNamingDifferentNamespacesIs400() {
        JsonNode answer = invoke(v2("POST", "/scheduled-jobs", "namespace=alice",
                SCHEDULED.replace("{\"image\"", "{\"namespace\": \"acme-ml\", \"image\""), JSON));

        assertThat(status(answer)).isEqualTo(400);
        assertThat(hub.requests()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/scheduled-jobs/..%2F..%2Fwhoami-v2", "/scheduled-jobs/0123456789ABCDEF01234567",
        "/scheduled-jobs/%2e%2e", "/scheduled-jobs/0123456789abcdef0123456"})
    void badIdIs400AndNeverReachesTheHub(String path) {
        assertThat(status(invoke(v2("GET", path)))).isEqualTo(400);
        assertThat(status(invoke(v2("DELETE", path)))).isEqualTo(400);
        assertThat(status(invoke(v2("POST", path + "/suspend")))).isEqualTo(400);
        assertThat(status(invoke(v2("POST", path + "/resume")))).isEqualTo(400);
        assertThat(status(invoke(v2("POST", path + "/run")))).isEqualTo(400);
        assertThat(hub.requests()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"namespace=..%2Fadmin", "namespace=a%2Fb", "label=a", "stage=RUNNING", "cursor=x",
        "namespace=alice&namespace=acme-ml", "bogus=1"})
    void badQueryIs400AndNeverReachesTheHub(String query) {
        assertThat(status(invoke(v2("GET", "/scheduled-jobs", query, null, Map.of())))).isEqualTo(400);
        assertThat(status(invoke(v2("GET", "/scheduled-jobs/0123456789abcdef01234567", query, null, Map.of()))))
                .isEqualTo(400);
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void runWhileARunIsUnderwayWithoutConcurrencyIs409() {
        String id = createdId();
        assertThat(status(invoke(v2("POST", "/scheduled-jobs/" + id + "/run")))).isEqualTo(201);

        JsonNode second = invoke(v2("POST", "/scheduled-jobs/" + id + "/run"));

        assertThat(status(second)).isEqualTo(409);
        assertThat(body(second).path("type").asText()).endsWith("hub-rejected");
        assertThat(hub.jobs()).hasSize(1);
    }

    @Test
    void runWithConcurrencyStartsASecondJob() {
        String id = body(create(SCHEDULED.replace("\"concurrency\": false", "\"concurrency\": true")))
                .path("id").asText();

        assertThat(status(invoke(v2("POST", "/scheduled-jobs/" + id + "/run")))).isEqualTo(201);
        assertThat(status(invoke(v2("POST", "/scheduled-jobs/" + id + "/run")))).isEqualTo(201);
        assertThat(hub.jobs()).hasSize(2);
    }

    @Test
    void unknownScheduledJobIs404OnEveryRoute() {
        String path = "/scheduled-jobs/0123456789abcdef01234567";
        assertThat(status(invoke(v2("GET", path)))).isEqualTo(404);
        assertThat(status(invoke(v2("DELETE", path)))).isEqualTo(404);
        assertThat(status(invoke(v2("POST", path + "/suspend")))).isEqualTo(404);
        assertThat(status(invoke(v2("POST", path + "/resume")))).isEqualTo(404);
        assertThat(status(invoke(v2("POST", path + "/run")))).isEqualTo(404);
    }

    @Test
    void createIsNeverRetriedAndAFailureSaysItMayExist() {
        hub.failNext("POST", "^/api/scheduled-jobs/alice$", 1, 503);

        JsonNode answer = create(SCHEDULED);

        assertThat(status(answer)).isEqualTo(502);
        assertThat(body(answer).path("detail").asText()).contains("may have been created", "GET /scheduled-jobs");
        assertThat(hub.requests()).filteredOn(r -> r.method().equals("POST")).hasSize(1);
    }

    @Test
    void hubRefusalOfTheCreateIsMappedWithoutTheMayExistNote() {
        hub.failNext("POST", "^/api/scheduled-jobs/alice$", 1, 400);

        JsonNode answer = create(SCHEDULED);

        assertThat(status(answer)).isEqualTo(400);
        assertThat(body(answer).path("type").asText()).endsWith("hub-rejected");
        assertThat(body(answer).path("detail").asText()).doesNotContain("may have been created");
    }

    @Test
    void namespaceTheTokenCannotUseIs502NamingTheToken() {
        JsonNode answer = invoke(v2("GET", "/scheduled-jobs", "namespace=other-org", null, Map.of()));

        assertThat(status(answer)).isEqualTo(502);
        assertThat(body(answer).path("title").asText()).contains("rejected the configured token");
    }

    @Test
    void wrongMethodIs405() {
        JsonNode answer = invoke(v2("PUT", "/scheduled-jobs"));
        assertThat(status(answer)).isEqualTo(405);
        assertThat(answer.at("/headers/Allow").asText()).isEqualTo("GET, POST");
        assertThat(invoke(v2("GET", "/scheduled-jobs/0123456789abcdef01234567/run")).at("/headers/Allow").asText())
                .isEqualTo("POST");
    }
}
