package dev.hfjobs.api;

import static dev.hfjobs.api.ApiEvents.body;
import static dev.hfjobs.api.ApiEvents.v2;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.emulator.RecordedRequest;
import dev.hfjobs.model.Wire;
import dev.hfjobs.submit.SubmitEvents;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Hub's own paths through ApiFunction, as huggingface_hub calls them: the Hub's shapes in and
 * out, the project's guarantees on the way (tracking labels, events, validation, the catalog).
 */
class HubRoutesTest extends ApiHarness {
    static final String SPEC = """
            {"command": ["python", "-c", "print('hi')"], "arguments": [], "environment": {"A": "1"},
             "flavor": "cpu-basic", "secrets": {"HF_TOKEN": "s3cr3t-hf-value"}, "timeoutSeconds": 600,
             "labels": {"team": "ml", "name": "python-3-12-1a2b3c4d"}, "expose": {"ports": [8000]},
             "ssh": {"enabled": true}, "network": {"group": "train", "aliases": ["master"]},
             "dockerImage": "python:3.12"}""";

    JsonNode call(String method, String path, String rawQuery, String body) {
        return invoke(v2(method, path, rawQuery, body, body == null ? Map.of() : JSON));
    }

    static String header(JsonNode answer, String name) {
        return answer.path("headers").path(name).asText(null);
    }

    @Test
    void whoamiNamesTheDefaultNamespaceAndTheOthersTheTokenReaches() {
        JsonNode answer = call("GET", "/api/whoami-v2", "", null);

        assertThat(status(answer)).isEqualTo(200);
        assertThat(body(answer).path("name").asText()).isEqualTo("alice");
        assertThat(body(answer).path("orgs").findValuesAsText("name")).contains("acme-ml");
        assertThat(body(answer).toString()).doesNotContain("hf_test");
    }

    @Test
    void hubSpecBecomesOneJobWithTheProjectsLabelsAndAnEvent() {
        JsonNode answer = call("POST", "/api/jobs/alice", "", SPEC);

        assertThat(status(answer)).isEqualTo(200);
        JsonNode job = body(answer);
        assertThat(job.path("id").asText()).matches("[0-9a-f]{24}");
        assertThat(job.path("owner").path("name").asText()).isEqualTo("alice");
        assertThat(job.path("status").path("exposeUrls").size()).isEqualTo(1);
        assertThat(job.path("secrets").toString()).doesNotContain("s3cr3t");
        RecordedRequest post = hub.requests().stream().filter(r -> r.method().equals("POST")).findFirst().orElseThrow();
        JsonNode sent = Wire.parse(post.body());
        assertThat(sent.path("labels").path("hfjobs-managed").asText()).isEqualTo("true");
        assertThat(sent.path("labels").path("hfjobs-source").asText()).isEqualTo("api");
        assertThat(sent.path("labels").path("name").asText()).isEqualTo("python-3-12-1a2b3c4d");
        assertThat(sent.path("network").path("group").asText()).isEqualTo("train");
        assertThat(stack.events(1, Duration.ofSeconds(5))).singleElement().satisfies(e -> {
            assertThat(e.path("detail-type").asText()).isEqualTo(SubmitEvents.SUBMITTED);
            assertThat(e.at("/detail/jobId").asText()).isEqualTo(job.path("id").asText());
        });
    }

    @Test
    void hubSpecIsValidatedBeforeAnythingIsSentAndTheErrorIsInTheHubsShape() {
        JsonNode answer = call("POST", "/api/jobs/alice", "", SPEC.replace("\"timeoutSeconds\"", "\"timeout\""));

        assertThat(status(answer)).isEqualTo(400);
        assertThat(body(answer).path("error").asText()).contains("timeout");
        assertThat(header(answer, "X-Error-Message")).contains("timeout");
        assertThat(hub.requests()).noneMatch(r -> r.method().equals("POST"));
        assertThat(stack.events(1, Duration.ofSeconds(5))).singleElement()
                .satisfies(e -> assertThat(e.at("/detail/reason").asText()).isEqualTo("invalid-request"));
    }

    @Test
    void unknownFlavorIsRefusedByTheCatalogAsOnPostJobs() {
        JsonNode answer = call("POST", "/api/jobs/alice", "", SPEC.replace("cpu-basic", "quantum-xl"));

        assertThat(status(answer)).isEqualTo(400);
        assertThat(body(answer).path("error").asText()).contains("flavor").contains("cpu-basic");
        assertThat(hub.requests()).noneMatch(r -> r.method().equals("POST"));
    }

    @Test
    void listingPagesAreLinkedBackToThisApiAndReachEveryJob() {
        hub.pageSize(2);
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(body(call("POST", "/api/jobs/alice", "", SPEC)).path("id").asText());
        }
        List<String> listed = new ArrayList<>();
        String query = "label=team%3Dml";
        for (int page = 0; query != null; page++) {
            assertThat(page).isLessThan(5);
            JsonNode answer = call("GET", "/api/jobs/alice", query, null);
            assertThat(status(answer)).isEqualTo(200);
            body(answer).forEach(job -> listed.add(job.path("id").asText()));
            String link = header(answer, "Link");
            query = null;
            if (link != null) {
                URI next = URI.create(link.substring(1, link.indexOf('>')));
                assertThat(next.getHost()).isEqualTo("abc123.execute-api.us-east-1.amazonaws.com");
                assertThat(next.getPath()).isEqualTo("/api/jobs/alice");
                query = next.getRawQuery();
            }
        }
        hub.pageSize(50);
        assertThat(listed).containsExactlyInAnyOrderElementsOf(created);
    }

    @Test
    void inspectCancelAndLabelsKeepTheProjectsLabels() {
        String id = body(call("POST", "/api/jobs/alice", "", SPEC)).path("id").asText();

        assertThat(body(call("GET", "/api/jobs/alice/" + id, "", null)).path("id").asText()).isEqualTo(id);
        JsonNode relabeled = call("PUT", "/api/jobs/alice/" + id + "/labels", "", "{\"labels\": {\"stage\": \"eval\"}}");
        assertThat(status(relabeled)).isEqualTo(200);
        assertThat(body(relabeled).path("labels").path("stage").asText()).isEqualTo("eval");
        assertThat(body(relabeled).path("labels").has("team")).isFalse();
        assertThat(body(relabeled).path("labels").path("hfjobs-managed").asText()).isEqualTo("true");
        assertThat(status(call("POST", "/api/jobs/alice/" + id + "/cancel", "", null))).isEqualTo(200);
        assertThat(body(call("GET", "/api/jobs/alice/" + id, "", null)).path("status").path("stage").asText())
                .isEqualTo("CANCELED");
    }

    @Test
    void trackingLabelsCannotBeSetAndUnknownJobsAreNotFoundInTheHubsShape() {
        String id = body(call("POST", "/api/jobs/alice", "", SPEC)).path("id").asText();

        JsonNode refused = call("PUT", "/api/jobs/alice/" + id + "/labels", "", "{\"labels\": {\"hfjobs-x\": \"1\"}}");
        JsonNode missing = call("GET", "/api/jobs/alice/0123456789abcdef01234567", "", null);

        assertThat(status(refused)).isEqualTo(400);
        assertThat(body(refused).path("error").asText()).contains("tracking labels");
        assertThat(status(missing)).isEqualTo(404);
        assertThat(header(missing, "X-Error-Message")).isNotBlank();
    }

    @Test
    void renamingResendsEveryLabelReadIncludingTheProjectsAsTheCliDoes() {
        JsonNode job = body(call("POST", "/api/jobs/alice", "", SPEC));
        ObjectNode labels = (ObjectNode) job.path("labels").deepCopy();
        labels.put("name", "renamed");

        JsonNode answer = call("PUT", "/api/jobs/alice/" + job.path("id").asText() + "/labels", "",
                "{\"labels\": " + Wire.write(labels) + "}");

        assertThat(status(answer)).as(body(answer).toString()).isEqualTo(200);
        assertThat(body(answer).path("labels").path("name").asText()).isEqualTo("renamed");
        assertThat(body(answer).path("labels").path("hfjobs-tracking").asText())
                .isEqualTo(job.path("labels").path("hfjobs-tracking").asText());
    }

    @Test
    void badNamespaceOrIdNeverReachesTheHub() {
        assertThat(status(call("GET", "/api/jobs/..%2Fapi", "", null))).isEqualTo(400);
        assertThat(status(call("GET", "/api/jobs/alice/not-an-id", "", null))).isEqualTo(404);
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void scheduledJobsRoundTripWithTheProjectsLabels() {
        ObjectNode spec = (ObjectNode) Wire.parse(SPEC);
        spec.remove(List.of("ssh", "network"));
        JsonNode created = call("POST", "/api/scheduled-jobs/alice", "", "{\"jobSpec\": " + Wire.write(spec)
                + ", \"schedule\": \"@hourly\", \"concurrency\": false}");
        assertThat(status(created)).as(body(created).toString()).isEqualTo(200);
        String sid = body(created).path("id").asText();
        JsonNode sent = Wire.parse(hub.requests().stream().filter(r -> r.method().equals("POST")).findFirst()
                .orElseThrow().body());
        assertThat(sent.at("/jobSpec/labels/hfjobs-source").asText()).isEqualTo("scheduled");

        assertThat(body(call("GET", "/api/scheduled-jobs/alice", "", null)).findValuesAsText("id")).contains(sid);
        assertThat(status(call("POST", "/api/scheduled-jobs/alice/" + sid + "/suspend", "", null))).isEqualTo(200);
        assertThat(body(call("GET", "/api/scheduled-jobs/alice/" + sid, "", null)).path("suspend").asBoolean()).isTrue();
        assertThat(status(call("POST", "/api/scheduled-jobs/alice/" + sid + "/resume", "", null))).isEqualTo(200);
        JsonNode run = call("POST", "/api/scheduled-jobs/alice/" + sid + "/run", "", null);
        assertThat(status(run)).isEqualTo(200);
        assertThat(body(run).path("labels").path("hfjobs-managed").asText()).isEqualTo("true");
        JsonNode relabeled = call("PUT", "/api/scheduled-jobs/alice/" + sid + "/labels", "",
                "{\"labels\": {\"team\": \"eval\"}}");
        assertThat(status(relabeled)).isEqualTo(200);
        assertThat(body(relabeled).at("/jobSpec/labels/hfjobs-managed").asText()).isEqualTo("true");
        assertThat(status(call("DELETE", "/api/scheduled-jobs/alice/" + sid, "", null))).isEqualTo(200);
        assertThat(status(call("GET", "/api/scheduled-jobs/alice/" + sid, "", null))).isEqualTo(404);
    }

    @Test
    void hardwareIsTheCatalog() {
        JsonNode answer = call("GET", "/api/jobs/hardware", "", null);

        assertThat(status(answer)).isEqualTo(200);
        assertThat(body(answer).findValuesAsText("name")).contains("cpu-basic", "a10g-small");
    }

}
