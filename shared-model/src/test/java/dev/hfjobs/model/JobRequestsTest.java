package dev.hfjobs.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobRequestsTest {

    private static List<Problem> problems(String json) {
        return switch (JobRequests.parseSubmit(Wire.parse(json), Set.of())) {
            case Validated.Valid<SubmitRequest> valid -> List.of();
            case Validated.Invalid<SubmitRequest> invalid -> invalid.problems();
        };
    }

    private static SubmitRequest valid(String json) {
        return JobRequests.parseSubmit(Wire.parse(json), Set.of()).orThrow();
    }

    @Test
    void everyProblemIsReportedNotOnlyTheFirst() {
        List<Problem> problems = problems("""
                {"image": "", "command": "python train.py", "env": {"1BAD": 3}, "flavor": "A10G small",
                 "timeout": "1.5", "labels": {"hfjobs-x": "y", "team": "a b"}, "namespace": "../etc",
                 "volumes": [{"type": "disk", "source": "x/y", "mountPath": "data"}], "timout": "2h"}""");

        assertThat(problems).extracting(Problem::field).containsExactlyInAnyOrder("timout", "image", "command",
                "env.1BAD", "env.1BAD", "flavor", "timeout", "labels.hfjobs-x", "labels.team", "volumes[0].type",
                "volumes[0].mountPath", "namespace");
    }

    @Test
    void misspeltFieldIsRefusedRatherThanIgnored() {
        assertThat(problems("{\"image\": \"python:3.12\", \"command\": [\"ls\"], \"flavour\": \"a10g-small\"}"))
                .singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("flavour");
                    assertThat(p.rule()).contains("not a known field").contains("flavor");
                });
    }

    @Test
    void extraFieldsTheCallerReadsAreAllowed() {
        var parsed = JobRequests.parseSubmit(
                Wire.parse("{\"image\": \"python:3.12\", \"command\": [\"ls\"], \"idempotencyKey\": \"k1\"}"),
                Set.of("idempotencyKey"));
        assertThat(parsed).isInstanceOf(Validated.Valid.class);
    }

    @Test
    void missingImageAndCommandAreNamed() {
        assertThat(problems("{}")).extracting(Problem::field).containsExactly("image", "command");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"text\"", "42", "null"})
    void bodyThatIsNotAnObjectIsRefused(String json) {
        assertThat(problems(json)).singleElement().extracting(Problem::field).isEqualTo("$");
    }

    @Test
    void spacePrefixIsCaseSensitiveLikeTheReference() {
        assertThat(valid("{\"image\": \"HF.co/spaces/a/b\", \"command\": [\"ls\"]}").spec().dockerImage())
                .isEqualTo("HF.co/spaces/a/b");
        assertThat(valid("{\"image\": \"hf.co/spaces/a/b\", \"command\": [\"ls\"]}").spec().spaceId())
                .isEqualTo("a/b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hf.co/spaces/", "https://huggingface.co/spaces/onlyowner", "hf.co/spaces/a/b/c"})
    void spaceUrlWithoutOwnerAndNameIsRefused(String image) {
        assertThat(problems("{\"image\": \"" + image + "\", \"command\": [\"ls\"]}"))
                .singleElement().extracting(Problem::field).isEqualTo("image");
    }

    @Test
    void secretValuesNeverAppearInProblems() {
        List<Problem> problems = problems("""
                {"image": "python:3.12", "command": ["ls"], "secrets": {"bad name": "s3cr3t-value", "OK": 7}}""");
        assertThat(problems).hasSize(2);
        assertThat(problems.toString()).doesNotContain("s3cr3t-value");
    }

    @Test
    void specToStringShowsSecretNamesOnly() {
        SubmitRequest request = valid("""
                {"image": "python:3.12", "command": ["ls"], "secrets": {"HF_TOKEN": "s3cr3t-value"}}""");
        assertThat(request.toString()).contains("HF_TOKEN").doesNotContain("s3cr3t-value");
        assertThat(Wire.write(request.spec().redacted())).doesNotContain("s3cr3t-value");
        assertThat(Wire.write(request.spec())).contains("s3cr3t-value");
    }

    @Test
    void controlCharactersInAKeyAreEscapedInTheProblem() {
        List<Problem> problems = problems("{\"image\": \"python:3.12\", \"command\": [\"ls\"], \"x\\r\\nInjected\": 1}");
        assertThat(problems).singleElement().extracting(Problem::field).isEqualTo("x\\u000d\\u000aInjected");
    }

    @Test
    void volumesAcceptBothSpellingsButNotBothAtOnce() {
        assertThat(problems("""
                {"image": "python:3.12", "command": ["ls"], "volumes": [{"type": "model", "source": "a/b",
                 "mountPath": "/m", "mount_path": "/n"}]}""")).extracting(Problem::field)
                .containsExactly("volumes[0].mountPath");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/data/../etc", "relative", "/a\u0000b"})
    void mountPathMustBeAbsoluteWithoutDotDot(String path) {
        String json = "{\"image\": \"python:3.12\", \"command\": [\"ls\"], \"volumes\": [{\"type\": \"model\","
                + " \"source\": \"a/b\", \"mountPath\": " + Wire.write(path) + "}]}";
        assertThat(problems(json)).extracting(Problem::field).containsExactly("volumes[0].mountPath");
    }

    @Test
    void flavorDefaultsToCpuBasic() {
        assertThat(valid("{\"image\": \"python:3.12\", \"command\": [\"ls\"]}").spec().flavor()).isEqualTo("cpu-basic");
    }

    @Test
    void labelOfHundredCharactersIsTheLimit() {
        String ok = "a".repeat(100);
        assertThat(problems("{\"image\": \"p\", \"command\": [\"ls\"], \"labels\": {\"" + ok + "\": \"" + ok + "\"}}"))
                .isEmpty();
        assertThat(problems("{\"image\": \"p\", \"command\": [\"ls\"], \"labels\": {\"" + ok + "a\": \"v\"}}"))
                .hasSize(1);
    }
}
