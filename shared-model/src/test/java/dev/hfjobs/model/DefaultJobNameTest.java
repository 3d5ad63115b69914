package dev.hfjobs.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The default name equals huggingface_hub 2.0.0's {@code _default_job_name_from_image}: the worked
 * examples and edge cases of hf-jobs-api.md, and more computed by running the reference in Python.
 */
class DefaultJobNameTest {

    private static List<String> command(String json) {
        return List.of(Wire.read(Wire.parse(json), String[].class));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // The worked examples and edge cases of hf-jobs-api.md.
        "python:3.12                       | [\"echo\",\"hi\"]  | python-3-12-86a55336",
        "hf.co/spaces/lhoestq/duckdb       | [\"duckdb\"]       | lhoestq-duckdb-a24acb5f",
        "hf.co/spaces/                     | [\"x\"]            | hf-co-spaces--6fe3c637",
        "a\uD83D\uDE00b                    | []                 | a-b-6fba5b2e",
        "registry:5000/ns/img@sha256:ab    | [\"--x=1\"]        | img-sha256-ab-f38188e8",
        // Computed with huggingface_hub 2.0.0.
        "ubuntu/                           | [\"ls\"]           | ubuntu-43dd89b2",
        "ubuntu//                          | [\"ls\"]           | ubuntu-566fe063",
        "/                                 | []                 | --8a5edab2",
        "https://hf.co/spaces/             | []                 | https---hf-co-spaces--4cfe26f3",
        "https://huggingface.co/spaces/a/b/ | [\"x\"]           | a-b--37873049",
        "HF.co/spaces/a/b                  | [\"x\"]            | b-9054ff61",
        "huggingface.co/spaces/user_1/my.space | []             | user_1-my-space-f8f295c4",
        "python:3.12                       | [\"\",\"\"]        | python-3-12-a3ac7b48",
        "python:3.12                       | [\"python\",\"-c\",\"print(\\\"\u00fcn\u00efc\u00f6d\u00e9 \u2713\\\")\"] | python-3-12-effb4c10",
        "python:3.12                       | [\"a\\nb\",\"tab\\there\"] | python-3-12-3f2fc246",
        "caf\u00e9                         | [\"\u00e9\"]       | caf--cca2f8cc",
        "e\u0301                           | []                 | e--bf12767b",
    })
    void nameIsTheReferences(String image, String commandJson, String name) {
        assertThat(DefaultJobName.fromImage(image, command(commandJson))).isEqualTo(name);
    }

    @Test
    void workedExampleHashesTheImageAndCommandJoinedByNul() throws Exception {
        byte[] hashed = HexFormat.of().parseHex("707974686f6e3a332e3132" + "00" + "6563686f" + "00" + "6869");
        assertThat(new String(hashed, StandardCharsets.UTF_8)).isEqualTo("python:3.12\0echo\0hi");
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(hashed));

        assertThat(sha).startsWith("86a553364380bdb4");
        assertThat(DefaultJobName.fromImage("python:3.12", List.of("echo", "hi"))).endsWith("-" + sha.substring(0, 8));
    }

    @Test
    void digestPinnedImageGivesANameLongerThanALabelValueAndItIsSentAsIs() {
        String image = "ghcr.io/org/my-trainer@sha256:" + "a".repeat(64);
        String expected = "my-trainer-sha256-" + "a".repeat(64) + "-f089d09f";
        assertThat(DefaultJobName.fromImage(image, List.of("python", "train.py"))).isEqualTo(expected).hasSize(91);

        String longer = "ghcr.io/org/" + "t".repeat(40) + "@sha256:" + "a".repeat(64);
        SubmitRequest request = JobRequests.parseSubmit(Wire.parse(
                "{\"image\": \"" + longer + "\", \"command\": [\"python\", \"train.py\"]}"), Set.of()).orThrow();
        assertThat(request.spec().name()).hasValueSatisfying(name -> assertThat(name).hasSizeGreaterThan(100)
                .isEqualTo(DefaultJobName.fromImage(longer, List.of("python", "train.py"))));
    }

    @Test
    void sanitizeReplacesEachCodePointOnceAndKeepsCase() {
        assertThat(DefaultJobName.sanitize("Py.Torch:2/\uD83D\uDE00_x-y")).isEqualTo("Py-Torch-2--_x-y");
    }
}
