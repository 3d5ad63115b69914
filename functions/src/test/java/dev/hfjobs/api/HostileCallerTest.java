package dev.hfjobs.api;

import static dev.hfjobs.api.ApiEvents.body;
import static dev.hfjobs.api.ApiEvents.v2;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.access.AccessPolicy;
import dev.hfjobs.emulator.JobSnapshot;
import dev.hfjobs.model.Wire;
import dev.hfjobs.testing.MotoServer;
import dev.hfjobs.testing.TestStack;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A caller allowed namespace {@code alice} only tries namespace {@code acme-ml} through every route
 * of both families, and secret references outside the allowed pattern. Expected: no success, no
 * answer that tells an existing item of acme-ml from a missing one, no Hub call for acme-ml, no
 * secret value anywhere. The counts are printed for the record.
 */
class HostileCallerTest extends ApiHarness {
    static final String ADMIN = "arn:aws:sts::123456789012:assumed-role/platform-admin/ops";
    static final String TEAM_A = "arn:aws:sts::123456789012:assumed-role/team-a/ci";
    static final String POLICY = """
            {"grants": [
              {"principals": ["arn:aws:sts::123456789012:assumed-role/team-a/*"], "namespaces": ["alice"],
               "actions": ["*"]},
              {"principals": ["arn:aws:sts::123456789012:assumed-role/platform-admin/*"], "namespaces": ["*"],
               "actions": ["*"]},
              {"groups": ["team-b"], "namespaces": ["acme-ml"], "actions": ["read"]}]}""";
    static final String FAKE_ID = "0123456789abcdef01234567";
    static final String JOB = """
            {"image": "python:3.12", "command": ["sleep", "600"], "labels": {"team": "ml"},
             "secrets": {"WANDB_API_KEY": "s3cr3t-wandb-value"}%s}""";

    final List<String> attempts = new ArrayList<>();
    final Map<Integer, Integer> refusals = new LinkedHashMap<>();
    int successes;
    int existenceLeaks;
    String jobB;
    String scheduledB;

    @BeforeEach
    void policyAndVictims() {
        stack.env.put("ACCESS_POLICY", POLICY);
        function = new ApiFunction(stack::wiring);
        JsonNode job = as(ADMIN, "POST", "/jobs", "", JOB.formatted(", \"namespace\": \"acme-ml\""));
        assertThat(status(job)).isEqualTo(201);
        jobB = body(job).path("id").asText();
        JsonNode scheduled = as(ADMIN, "POST", "/scheduled-jobs", "namespace=acme-ml",
                JOB.formatted(", \"schedule\": \"@hourly\""));
        assertThat(status(scheduled)).isEqualTo(201);
        scheduledB = body(scheduled).path("id").asText();
    }

    JsonNode as(String principal, String method, String path, String query, String body) {
        Map<String, String> headers = new HashMap<>(JSON);
        ObjectNode event = v2(method, path, query, body, body == null ? Map.of() : headers);
        ((ObjectNode) event.at("/requestContext/authorizer/iam")).put("userArn", principal);
        return invoke(event);
    }

    JsonNode jwt(String sub, String groups, String method, String path, String query) {
        ObjectNode event = v2(method, path, query, null, Map.of());
        ObjectNode authorizer = ((ObjectNode) event.path("requestContext")).putObject("authorizer");
        authorizer.putObject("jwt").putObject("claims").put("sub", sub).put("cognito:groups", groups);
        return invoke(event);
    }

    /** One hostile attempt: anything but a refusal counts as a success. */
    JsonNode attempt(String method, String path, String query, String body) {
        JsonNode answer = as(TEAM_A, method, path, query, body);
        attempts.add(method + " " + path + (query.isEmpty() ? "" : "?" + query) + " -> " + status(answer));
        if (status(answer) < 400) {
            successes++;
        } else {
            refusals.merge(status(answer), 1, Integer::sum);
        }
        return answer;
    }

    /** An attempt on an existing item of acme-ml must answer as the same attempt on a missing one. */
    void attemptOnItem(String method, String path, String query, String body, String id, String missingPath) {
        JsonNode existing = attempt(method, path, query, body);
        JsonNode missing = attempt(method, missingPath, query, body);
        String a = status(existing) + " " + body(existing).toString().replace(id, "{id}");
        String b = status(missing) + " " + body(missing).toString().replace(FAKE_ID, "{id}");
        if (!a.equals(b) || status(existing) != 404) {
            existenceLeaks++;
            System.out.println("EXISTENCE LEAK " + path + ": " + a + " vs " + b);
        }
    }

    @Test
    void callerOfNamespaceAGetsNothingOfNamespaceBThroughAnyRoute() {
        Instant start = Instant.now();
        int hubCallsBefore = hub.requests().size();
        String bCursor = Cursors.encode(URI.create(hub.endpoint() + "/api/jobs/acme-ml?cursor=abc"), hub.endpoint());

        // The project's routes.
        attempt("POST", "/jobs", "", JOB.formatted(", \"namespace\": \"acme-ml\""));
        attempt("GET", "/jobs", "namespace=acme-ml", null);
        attempt("GET", "/jobs", "namespace=acme-ml&stage=RUNNING&label=team%3Dml", null);
        attempt("GET", "/jobs", "namespace=acme-ml&cursor=" + bCursor, null);
        attempt("GET", "/jobs", "cursor=" + bCursor, null);
        for (String query : List.of("", "namespace=acme-ml")) {
            attemptOnItem("GET", "/jobs/" + jobB, query, null, jobB, "/jobs/" + FAKE_ID);
            attemptOnItem("POST", "/jobs/" + jobB + "/cancel", query, null, jobB, "/jobs/" + FAKE_ID + "/cancel");
            attemptOnItem("PUT", "/jobs/" + jobB + "/labels", query, "{\"labels\": {\"team\": \"a\"}}", jobB,
                    "/jobs/" + FAKE_ID + "/labels");
            attemptOnItem("GET", "/jobs/" + jobB + "/logs", query, null, jobB, "/jobs/" + FAKE_ID + "/logs");
            attemptOnItem("GET", "/jobs/" + jobB + "/metrics", query, null, jobB, "/jobs/" + FAKE_ID + "/metrics");
        }
        attempt("POST", "/scheduled-jobs", "namespace=acme-ml", JOB.formatted(", \"schedule\": \"@daily\""));
        attempt("GET", "/scheduled-jobs", "namespace=acme-ml", null);
        attempt("GET", "/scheduled-jobs", "namespace=acme-ml&label=team%3Dml", null);
        for (String[] route : List.of(new String[] {"GET", ""}, new String[] {"DELETE", ""},
                new String[] {"POST", "/suspend"}, new String[] {"POST", "/resume"}, new String[] {"POST", "/run"})) {
            attemptOnItem(route[0], "/scheduled-jobs/" + scheduledB + route[1], "namespace=acme-ml", null, scheduledB,
                    "/scheduled-jobs/" + FAKE_ID + route[1]);
        }
        // The Hub's own routes.
        attempt("POST", "/api/jobs/acme-ml", "", "{\"command\": [\"ls\"], \"arguments\": [], \"environment\": {},"
                + " \"flavor\": \"cpu-basic\", \"dockerImage\": \"python:3.12\"}");
        attempt("GET", "/api/jobs/acme-ml", "", null);
        attempt("GET", "/api/jobs/acme-ml", "label=team%3Dml&stage=RUNNING", null);
        attempt("GET", "/api/jobs/acme-ml", "cursor=" + bCursor, null);
        for (String tail : List.of("", "/cancel", "/labels", "/logs", "/metrics")) {
            String method = tail.equals("/cancel") ? "POST" : tail.equals("/labels") ? "PUT" : "GET";
            String body = tail.equals("/labels") ? "{\"labels\": {\"team\": \"a\"}}" : null;
            attemptOnItem(method, "/api/jobs/acme-ml/" + jobB + tail, "", body, jobB, "/api/jobs/alice/" + FAKE_ID
                    + tail);
        }
        attempt("POST", "/api/scheduled-jobs/acme-ml", "", "{\"jobSpec\": {\"command\": [\"ls\"], \"arguments\": [],"
                + " \"environment\": {}, \"flavor\": \"cpu-basic\", \"dockerImage\": \"python:3.12\"}, "
                + "\"schedule\": \"@daily\"}");
        attempt("GET", "/api/scheduled-jobs/acme-ml", "", null);
        for (String tail : List.of("", "/suspend", "/resume", "/run", "/labels")) {
            String method = tail.isEmpty() ? "GET" : tail.equals("/labels") ? "PUT" : "POST";
            String body = tail.equals("/labels") ? "{\"labels\": {\"team\": \"a\"}}" : null;
            attemptOnItem(method, "/api/scheduled-jobs/acme-ml/" + scheduledB + tail, "", body, scheduledB,
                    "/api/scheduled-jobs/alice/" + FAKE_ID + tail);
        }
        attemptOnItem("DELETE", "/api/scheduled-jobs/acme-ml/" + scheduledB, "", null, scheduledB,
                "/api/scheduled-jobs/alice/" + FAKE_ID);
        // Secret references outside the pattern, the token secret, and 5,000 labels, in the caller's own namespace.
        attempt("POST", "/jobs", "", JOB.formatted(", \"namespace\": \"alice\"").replace("\"s3cr3t-wandb-value\"",
                "{\"valueFrom\": \"other/team-b-wandb\"}"));
        attempt("POST", "/jobs", "", JOB.formatted("").replace("\"s3cr3t-wandb-value\"",
                "{\"valueFrom\": \"arn:aws:ssm:us-east-1:123456789012:parameter/team-b/key\"}"));
        attempt("POST", "/jobs", "", JOB.formatted("").replace("\"s3cr3t-wandb-value\"",
                "{\"valueFrom\": \"" + stack.secretId + "\"}"));
        StringBuilder labels = new StringBuilder("{");
        for (int i = 0; i < 5000; i++) {
            labels.append(i == 0 ? "" : ", ").append("\"l").append(i).append("\": \"v\"");
        }
        attempt("POST", "/jobs", "", JOB.formatted("").replace("{\"team\": \"ml\"}", labels + "}"));

        int leaked = valuesLeaked();
        long hubCallsOnB = hub.requests().stream().skip(hubCallsBefore)
                .filter(r -> r.path().contains("acme-ml")
                        || r.method().equals("POST") && r.path().matches("/api/(scheduled-)?jobs/[^/]+")).count();
        System.out.printf("hostile-caller suite: %d attempts, %d successes, %d refusals %s, %d existence leaks, "
                + "%d Hub calls for acme-ml or creations, %d secret values leaked (%d ms)%n", attempts.size(), successes,
                attempts.size() - successes, refusals, existenceLeaks, hubCallsOnB, leaked,
                java.time.Duration.between(start, Instant.now()).toMillis());
        attempts.forEach(a -> System.out.println("  " + a));

        assertThat(successes).as("hostile successes").isZero();
        assertThat(existenceLeaks).as("existence leaks").isZero();
        assertThat(hubCallsOnB).as("Hub calls for acme-ml, or creations").isZero();
        assertThat(leaked).as("secret values leaked").isZero();
        assertThat(attempts).hasSizeGreaterThanOrEqualTo(60);
        JobSnapshot victim = hub.job(jobB).orElseThrow();
        assertThat(victim.stage()).isNotEqualTo("CANCELED");
        assertThat(victim.labels()).containsEntry("team", "ml");
        assertThat(stack.seen()).filteredOn(line -> line.contains("\"message\":\"http\"") && line.contains(TEAM_A))
                .isNotEmpty().allSatisfy(line -> assertThat(line).contains("\"decision\":"))
                .anySatisfy(line -> assertThat(line).contains("deny"));
    }

    /** Secret values in any log line, answer, event, dead letter or item of the table. */
    int valuesLeaked() {
        List<String> everywhere = new ArrayList<>(stack.seen());
        stack.events(0, java.time.Duration.ofMillis(200)).forEach(e -> everywhere.add(Wire.write(e)));
        stack.deadLetters().forEach(m -> everywhere.add(m.body() + m.messageAttributes()));
        MotoServer.get().aws().dynamoDb().scanPaginator(b -> b.tableName(stack.table)).items()
                .forEach(item -> everywhere.add(item.toString()));
        return (int) everywhere.stream().filter(line -> TestStack.JOB_SECRET_VALUES.stream().anyMatch(line::contains)
                || line.contains(TestStack.TOKEN)).count();
    }

    @Test
    void ownNamespaceWorksAndWhoamiShowsOnlyIt() {
        JsonNode submitted = as(TEAM_A, "POST", "/jobs", "", JOB.formatted(""));
        assertThat(status(submitted)).isEqualTo(201);
        String id = body(submitted).path("id").asText();
        assertThat(status(as(TEAM_A, "GET", "/jobs/" + id, "", null))).isEqualTo(200);
        assertThat(status(as(TEAM_A, "GET", "/api/jobs/alice/" + id, "", null))).isEqualTo(200);

        JsonNode whoami = body(as(TEAM_A, "GET", "/api/whoami-v2", "", null));
        assertThat(whoami.path("name").asText()).isEqualTo("alice");
        assertThat(whoami.path("orgs")).isEmpty();
        assertThat(body(as(ADMIN, "GET", "/api/whoami-v2", "", null)).path("orgs").toString()).contains("acme-ml");
    }

    @Test
    void jwtGroupReadsButCannotCancelAndTheDefaultNamespaceIsNotTheirs() {
        assertThat(status(jwt("u-7", "[team-c team-b]", "GET", "/jobs/" + jobB, ""))).isEqualTo(200);
        assertThat(status(jwt("u-7", "[team-c team-b]", "GET", "/api/jobs/acme-ml", ""))).isEqualTo(200);
        assertThat(status(jwt("u-7", "[team-c team-b]", "POST", "/jobs/" + jobB + "/cancel", ""))).isEqualTo(404);
        assertThat(status(jwt("u-7", "[team-c]", "GET", "/jobs/" + jobB, ""))).isEqualTo(404);

        JsonNode defaulted = jwt("u-7", "[team-b]", "GET", "/jobs", "");
        assertThat(status(defaulted)).isEqualTo(403);
        assertThat(body(defaulted).at("/problems/0/rule").asText()).contains("namespace alice (the default namespace)");
    }

    @Test
    void forbiddenSubmitIs403NamingTheNamespaceAndSaysSoInAnEvent() {
        JsonNode answer = as(TEAM_A, "POST", "/jobs", "", JOB.formatted(", \"namespace\": \"acme-ml\""));

        assertThat(status(answer)).isEqualTo(403);
        assertThat(body(answer).at("/problems/0/field").asText()).isEqualTo("namespace");
        assertThat(body(answer).at("/problems/0/rule").asText()).contains("submit jobs to namespace acme-ml");
        assertThat(stack.events(3, java.time.Duration.ofSeconds(5))).anySatisfy(e ->
                assertThat(e.at("/detail/reason").asText()).isEqualTo("namespace-forbidden"));
    }
}
