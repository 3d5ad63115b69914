package dev.hfjobs.api;

import static dev.hfjobs.api.ApiEvents.body;
import static dev.hfjobs.api.ApiEvents.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hfjobs.emulator.RecordedRequest;
import dev.hfjobs.model.Wire;
import dev.hfjobs.testing.MotoServer;
import dev.hfjobs.testing.TestStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Job secrets given as references ({@code {"valueFrom": ...}}) through {@code POST /jobs} and
 * {@code POST /scheduled-jobs}: the value is read from moto's Secrets Manager or SSM just before the
 * Hub call and reaches the Hub's body only; answers, events, log lines and the table keep the
 * reference.
 */
class SecretReferencesThroughApiTest extends ApiHarness {
    final String suffix = UUID.randomUUID().toString().substring(0, 8);
    final List<String> values = new ArrayList<>();

    String value(String what) {
        String value = "v4lue-" + what + "-" + UUID.randomUUID();
        values.add(value);
        return value;
    }

    String secret(String name, String value) {
        return MotoServer.get().aws().secretsManager().createSecret(b -> b.name(name).secretString(value)).arn();
    }

    void parameter(String name, String value, ParameterType type) {
        MotoServer.get().ssm().putParameter(b -> b.name(name).value(value).type(type));
    }

    JsonNode submit(String secrets) {
        return invoke(post("/jobs", "{\"image\": \"python:3.12\", \"command\": [\"ls\"], \"secrets\": " + secrets
                + "}", JSON));
    }

    List<RecordedRequest> posts() {
        return hub.requests().stream().filter(r -> r.method().equals("POST") && r.path().startsWith("/api/jobs/"))
                .toList();
    }

    @AfterEach
    void valuesStayedWithTheHub() {
        List<String> elsewhere = new ArrayList<>(stack.seen());
        MotoServer.get().aws().dynamoDb().scanPaginator(b -> b.tableName(stack.table)).items()
                .forEach(item -> elsewhere.add(item.toString()));
        for (String value : values) {
            assertThat(elsewhere).noneMatch(line -> line.contains(value));
        }
    }

    @Test
    void secretByNameByArnWithJsonKeyAndParameterReachOnlyTheHub() {
        String wandb = value("wandb");
        String hf = value("hf");
        String dataset = value("dataset");
        secret("hf-jobs/wandb-" + suffix, wandb);
        String arn = secret("hf-jobs/team-" + suffix, Wire.write(Wire.mapper().createObjectNode().put("HF", hf)));
        parameter("/hf-jobs/dataset-" + suffix, dataset, ParameterType.SECURE_STRING);

        JsonNode answer = submit("""
                {"PLAIN": "p", "WANDB_API_KEY": {"valueFrom": "hf-jobs/wandb-%s"}, "HF_TOKEN": {"valueFrom": "%s:HF::"},
                 "DATASET": {"valueFrom": "/hf-jobs/dataset-%s"}}""".formatted(suffix, arn, suffix));

        assertThat(status(answer)).isEqualTo(201);
        assertThat(body(answer).path("secrets").properties()).extracting(e -> e.getKey())
                .containsExactlyInAnyOrder("PLAIN", "WANDB_API_KEY", "HF_TOKEN", "DATASET");
        JsonNode sent = Wire.parse(posts().getLast().body()).path("secrets");
        assertThat(sent.path("WANDB_API_KEY").asText()).isEqualTo(wandb);
        assertThat(sent.path("HF_TOKEN").asText()).isEqualTo(hf);
        assertThat(sent.path("DATASET").asText()).isEqualTo(dataset);
        assertThat(sent.path("PLAIN").asText()).isEqualTo("p");
        assertThat(stack.events(1, Duration.ofSeconds(5))).isNotEmpty();
    }

    @Test
    void missingSecretIs400NamingTheVariableAndTheReferenceAndNothingIsSent() {
        JsonNode answer = submit("{\"WANDB_API_KEY\": {\"valueFrom\": \"hf-jobs/missing-" + suffix + "\"}}");

        assertThat(status(answer)).isEqualTo(400);
        assertThat(body(answer).path("type").asText()).endsWith("secret-unavailable");
        assertThat(body(answer).at("/problems/0/field").asText()).isEqualTo("secrets.WANDB_API_KEY");
        assertThat(body(answer).at("/problems/0/rule").asText())
                .isEqualTo("reference hf-jobs/missing-" + suffix + " was not found");
        assertThat(posts()).isEmpty();
        List<JsonNode> events = stack.events(1, Duration.ofSeconds(5));
        assertThat(events).singleElement().satisfies(e ->
                assertThat(e.at("/detail/reason").asText()).isEqualTo("secret-unavailable"));
    }

    @Test
    void aRetryWithTheSameKeyAfterTheSecretIsCreatedRuns() {
        String key = "k-" + suffix;
        String body = "{\"image\": \"python:3.12\", \"command\": [\"ls\"], \"secrets\": {\"W\": {\"valueFrom\": "
                + "\"hf-jobs/later-" + suffix + "\"}}}";
        assertThat(status(invoke(post("/jobs", body, java.util.Map.of("content-type", "application/json",
                "idempotency-key", key))))).isEqualTo(400);
        secret("hf-jobs/later-" + suffix, value("later"));

        assertThat(status(invoke(post("/jobs", body, java.util.Map.of("content-type", "application/json",
                "idempotency-key", key))))).isEqualTo(201);
        assertThat(posts()).hasSize(1);
    }

    @Test
    void referencesOutsideTheAllowedPatternAreRefusedBeforeAnyRead() {
        secret("other/team-" + suffix, value("other"));

        JsonNode answer = submit("""
                {"A": {"valueFrom": "other/team-%s"}, "B": {"valueFrom": "/other/param"},
                 "C": {"valueFrom": "arn:aws:secretsmanager:us-east-1:999999999999:secret:hf-jobs/x-AbCdEf"},
                 "D": {"valueFrom": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:hf-jobs/x-AbCdEf"},
                 "E": {"valueFrom": "%s"}}""".formatted(suffix, stack.secretId));

        assertThat(status(answer)).isEqualTo(400);
        assertThat(body(answer).path("problems")).extracting(p -> p.path("field").asText())
                .containsExactly("secrets.A", "secrets.B", "secrets.C", "secrets.D", "secrets.E");
        assertThat(posts()).isEmpty();
    }

    @Test
    void theFunctionsOwnTokenSecretIsNeverGivenToAJob() {
        stack.env.put("JOB_SECRETS_NAME_PREFIX", stack.secretId.substring(0, 3));
        function = new ApiFunction(stack::wiring);

        JsonNode answer = submit("{\"STOLEN\": {\"valueFrom\": \"" + stack.secretId + "\"}}");

        assertThat(status(answer)).isEqualTo(400);
        assertThat(body(answer).at("/problems/0/rule").asText()).contains("own Hugging Face token secret");
        assertThat(posts()).isEmpty();
    }

    @Test
    void plainStringParameterAndMissingJsonKeyAreNotSecrets() {
        parameter("/hf-jobs/plain-" + suffix, value("plain"), ParameterType.STRING);
        secret("hf-jobs/json-" + suffix, "{\"a\": \"" + value("json") + "\"}");

        JsonNode answer = submit("""
                {"P": {"valueFrom": "/hf-jobs/plain-%s"}, "J": {"valueFrom": "hf-jobs/json-%s:b"}}"""
                .formatted(suffix, suffix));

        assertThat(status(answer)).isEqualTo(400);
        assertThat(body(answer).path("problems")).extracting(p -> p.path("rule").asText()).containsExactly(
                "reference /hf-jobs/plain-" + suffix + " is a String parameter; only SecureString parameters can be "
                        + "given to a job", "reference hf-jobs/json-" + suffix + ":b has no key 'b'");
    }

    @Test
    void scheduledJobGetsTheValueOnceAtCreation() {
        String wandb = value("scheduled");
        secret("hf-jobs/sched-" + suffix, wandb);

        JsonNode answer = invoke(post("/scheduled-jobs", """
                {"image": "python:3.12", "command": ["ls"], "schedule": "@hourly",
                 "secrets": {"WANDB_API_KEY": {"valueFrom": "hf-jobs/sched-%s"}}}""".formatted(suffix), JSON));

        assertThat(status(answer)).isEqualTo(201);
        RecordedRequest created = hub.requests().stream().filter(r -> r.method().equals("POST")
                && r.path().startsWith("/api/scheduled-jobs/")).toList().getLast();
        assertThat(Wire.parse(created.body()).at("/jobSpec/secrets/WANDB_API_KEY").asText()).isEqualTo(wandb);
        assertThat(body(answer).toString()).doesNotContain(wandb);
    }
}
