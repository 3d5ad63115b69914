package dev.hfjobs.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretReferencesParsingTest {

    private static Validated<SubmitRequest> parse(String secrets) {
        return JobRequests.parseSubmit(Wire.parse("{\"image\": \"python:3.12\", \"command\": [\"ls\"], \"secrets\": "
                + secrets + "}"), Set.of());
    }

    private static List<Problem> problems(String secrets) {
        return parse(secrets) instanceof Validated.Invalid<SubmitRequest> invalid ? invalid.problems() : List.of();
    }

    @Test
    void referencesAreKeptApartFromValuesAndNeverReachTheSpec() {
        SubmitRequest request = parse("""
                {"PLAIN": "v", "WANDB_API_KEY": {"valueFrom": "arn:aws:secretsmanager:us-east-1:123456789012:secret:hf-jobs/wandb-AbCdEf"},
                 "HUB": {"valueFrom": "/hf-jobs/hub-token"}}""").orThrow();

        assertThat(request.spec().secrets()).containsExactly(Map.entry("PLAIN", "v"));
        assertThat(request.secretReferences()).containsExactly(
                Map.entry("WANDB_API_KEY", "arn:aws:secretsmanager:us-east-1:123456789012:secret:hf-jobs/wandb-AbCdEf"),
                Map.entry("HUB", "/hf-jobs/hub-token"));
        assertThat(Wire.write(request.spec())).doesNotContain("valueFrom", "WANDB_API_KEY");
    }

    @Test
    void referenceResolvedValuesJoinAfterThePlainOnes() {
        SubmitRequest request = parse("{\"A\": \"1\", \"B\": {\"valueFrom\": \"hf-jobs/b\"}}").orThrow();

        assertThat(request.spec().withSecrets(Map.of("B", "2")).secrets()).containsExactly(Map.entry("A", "1"),
                Map.entry("B", "2"));
    }

    @Test
    void referenceOfTheWrongShapeIsAProblemNamingTheVariable() {
        assertThat(problems("""
                {"A": {"valueFrom": 5}, "B": {"valueFrom": "x", "version": "1"}, "C": {}, "D": {"valueFrom": ""},
                 "E": {"valueFrom": "has space"}, "1F": {"valueFrom": "hf-jobs/x"}}"""))
                .extracting(Problem::field)
                .containsExactlyInAnyOrder("secrets.A", "secrets.B", "secrets.C", "secrets.D.valueFrom",
                        "secrets.E.valueFrom", "secrets.1F");
    }

    @Test
    void problemsNeverQuoteAPlainValueBesideAReference() {
        assertThat(problems("{\"A\": {\"valueFrom\": \"\"}, \"B\": 12345678}"))
                .allSatisfy(p -> assertThat(p.rule()).doesNotContain("12345678"));
    }

    @Test
    void theHubsOwnSpecTakesNoReferences() {
        assertThat(WireSpecs.parseJobSpec(Wire.parse("""
                {"command": ["ls"], "arguments": [], "environment": {}, "flavor": "cpu-basic",
                 "secrets": {"A": {"valueFrom": "hf-jobs/a"}}, "dockerImage": "python:3.12"}""")))
                .isInstanceOf(Validated.Invalid.class);
    }
}
