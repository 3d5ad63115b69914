package dev.hfjobs.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfjobs.model.Problem;
import dev.hfjobs.model.Validated;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretRulesTest {
    static final SecretRules RULES = new SecretRules("hf-jobs/", "/hf-jobs/", "us-east-1", "123456789012",
            "hf-jobs/token");

    static SecretReference ok(String text) {
        return RULES.check("V", text).orThrow();
    }

    static Problem refused(String text) {
        return ((Validated.Invalid<SecretReference>) RULES.check("V", text)).problems().getFirst();
    }

    @Test
    void fullArnWithBatchStyleJsonKeyAndStage() {
        SecretReference.SecretsManagerSecret secret = (SecretReference.SecretsManagerSecret) ok(
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:hf-jobs/wandb-AbCdEf:api_key:AWSPREVIOUS:");

        assertThat(secret.secretId()).isEqualTo("arn:aws:secretsmanager:us-east-1:123456789012:secret:hf-jobs/wandb-AbCdEf");
        assertThat(secret.jsonKey()).isEqualTo("api_key");
        assertThat(secret.versionStage()).isEqualTo("AWSPREVIOUS");
        assertThat(secret.versionId()).isNull();
    }

    @Test
    void nameWithJsonKeySuffix() {
        SecretReference.SecretsManagerSecret secret = (SecretReference.SecretsManagerSecret) ok("hf-jobs/team-a:wandb");

        assertThat(secret.secretId()).isEqualTo("hf-jobs/team-a");
        assertThat(secret.key()).contains("wandb");
    }

    @Test
    void parameterByNameAndByArn() {
        assertThat(ok("/hf-jobs/dataset-token")).isEqualTo(new SecretReference.Parameter("/hf-jobs/dataset-token",
                "/hf-jobs/dataset-token"));
        assertThat(((SecretReference.Parameter) ok("arn:aws:ssm:us-east-1:123456789012:parameter/hf-jobs/x")).name())
                .isEqualTo("/hf-jobs/x");
    }

    @ParameterizedTest
    @ValueSource(strings = {"other/secret", "/other/param", "hf-jobs", "/hf-jobs",
        "arn:aws:secretsmanager:us-west-2:123456789012:secret:hf-jobs/x-AbCdEf",
        "arn:aws:secretsmanager:us-east-1:999999999999:secret:hf-jobs/x-AbCdEf",
        "arn:aws:ssm:us-east-1:999999999999:parameter/hf-jobs/x", "arn:aws:s3:::hf-jobs/x",
        "hf-jobs/x:key:extra", "hf-jobs/x y", "/hf-jobs//x", "arn:aws:secretsmanager:us-east-1:123456789012:secret:hf-jobs/x:k:s:i:more"})
    void outsideThePatternOrMalformedIsAProblemNamingVariableAndReference(String text) {
        Problem problem = refused(text);

        assertThat(problem.field()).isEqualTo("secrets.V");
        assertThat(problem.rule()).startsWith("reference " + text + " ").contains("hf-jobs/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hf-jobs/token", "hf-jobs/token:HF_TOKEN", "hf-jobs/token-AbCdEf",
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:hf-jobs/token-AbCdEf",
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:hf-jobs/token"})
    void theTokenSecretIsNeverAJobSecret(String text) {
        assertThat(refused(text).rule()).contains("own Hugging Face token secret");
    }

    @Test
    void tokenGivenAsArnIsRecognisedByName() {
        SecretRules rules = new SecretRules("hf-jobs/", "/hf-jobs/", "us-east-1", null,
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:hf-jobs/token-Zz9Yy8");

        assertThat(rules.tokenName()).isEqualTo("hf-jobs/token");
        assertThat(rules.check("V", "hf-jobs/token")).isInstanceOf(Validated.Invalid.class);
        assertThat(rules.check("V", "hf-jobs/tokens")).isInstanceOf(Validated.Valid.class);
    }
}
