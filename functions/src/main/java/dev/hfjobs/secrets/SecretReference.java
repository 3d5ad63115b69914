package dev.hfjobs.secrets;

import java.util.Optional;

/**
 * Where a job secret's value is kept: a Secrets Manager secret (optionally one key of its JSON
 * value, and a version) or an SSM Parameter Store SecureString parameter. Never the value itself.
 */
public sealed interface SecretReference {

    /** The reference as the caller wrote it: what problems, records and events show. */
    String text();

    /**
     * A Secrets Manager secret, as AWS Batch and ECS take it:
     * {@code arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-AbCdEf[:json-key[:version-stage[:version-id]]]}
     * or {@code NAME[:json-key]}.
     *
     * @param text the reference as written
     * @param secretId the ARN (without the key and versions) or the name, as GetSecretValue takes it
     * @param name the secret's name (a full ARN's random suffix included), for the allowed-prefix check
     * @param jsonKey the key of the JSON value to pick, or null for the whole value
     * @param versionStage a version stage such as AWSPREVIOUS, or null
     * @param versionId a version id, or null
     */
    record SecretsManagerSecret(String text, String secretId, String name, String jsonKey, String versionStage,
            String versionId) implements SecretReference {
        /** The JSON key to pick, when one was given. */
        public Optional<String> key() {
            return Optional.ofNullable(jsonKey);
        }
    }

    /**
     * An SSM parameter: {@code arn:aws:ssm:REGION:ACCOUNT:parameter/NAME} or {@code /NAME}.
     *
     * @param text the reference as written
     * @param name the parameter's name, always starting with '/'
     */
    record Parameter(String text, String name) implements SecretReference {}
}
