package dev.hfjobs.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerServiceClientConfiguration;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DecryptionFailureException;
import software.amazon.awssdk.services.secretsmanager.model.DeleteSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DeleteSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InternalServiceErrorException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.secretsmanager.model.UpdateSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.UpdateSecretResponse;

/**
 * The Secrets Manager client the functions use: {@code GetSecretValue} (the HF token, job secrets)
 * through {@link JsonService}; writing and describing secrets (tests, local tools) through an SDK
 * client built only then. Any other operation is refused, as no function makes it.
 */
final class JsonSecretsManager implements SecretsManagerClient {
    static final JsonService.Protocol PROTOCOL =
            new JsonService.Protocol("secretsmanager", "Secrets Manager", "secretsmanager", "1.1", "SECRETS_MANAGER");

    private final JsonService service;
    private final Supplier<SecretsManagerClient> sdk;

    JsonSecretsManager(JsonService service, Supplier<SecretsManagerClient> sdk) {
        this.service = service;
        this.sdk = sdk;
    }

    /** The service exceptions the functions tell apart; the rest are {@link SecretsManagerException}s with their code. */
    static AwsServiceException exception(String code, JsonNode body) {
        return switch (code) {
            case "ResourceNotFoundException" -> ResourceNotFoundException.builder().build();
            case "InvalidParameterException" -> InvalidParameterException.builder().build();
            case "InvalidRequestException" -> InvalidRequestException.builder().build();
            case "DecryptionFailure" -> DecryptionFailureException.builder().build();
            case "InternalServiceError" -> InternalServiceErrorException.builder().build();
            default -> SecretsManagerException.builder().build();
        };
    }

    @Override
    public GetSecretValueResponse getSecretValue(GetSecretValueRequest r) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("SecretId", r.secretId());
        if (r.versionId() != null) {
            body.put("VersionId", r.versionId());
        }
        if (r.versionStage() != null) {
            body.put("VersionStage", r.versionStage());
        }
        return service.call(r, "GetSecretValue", body, a -> {
            var builder = GetSecretValueResponse.builder().arn(text(a, "ARN")).name(text(a, "Name"))
                    .versionId(text(a, "VersionId")).secretString(text(a, "SecretString"));
            if (a.path("SecretBinary").isTextual()) {
                builder.secretBinary(SdkBytes.fromByteArrayUnsafe(
                        Base64.getDecoder().decode(a.path("SecretBinary").textValue())));
            }
            if (a.path("VersionStages").isArray()) {
                List<String> stages = new ArrayList<>();
                ((ArrayNode) a.path("VersionStages")).forEach(s -> stages.add(s.asText()));
                builder.versionStages(stages);
            }
            if (a.path("CreatedDate").isNumber()) {
                builder.createdDate(Instant.ofEpochMilli(Math.round(a.path("CreatedDate").doubleValue() * 1000)));
            }
            return builder.build();
        });
    }

    private static String text(JsonNode answer, String field) {
        return answer.path(field).isTextual() ? answer.path(field).textValue() : null;
    }

    // Writing and describing secrets: tests and local tools only, through the SDK's client.

    @Override
    public CreateSecretResponse createSecret(CreateSecretRequest r) {
        return sdk.get().createSecret(r);
    }

    @Override
    public PutSecretValueResponse putSecretValue(PutSecretValueRequest r) {
        return sdk.get().putSecretValue(r);
    }

    @Override
    public UpdateSecretResponse updateSecret(UpdateSecretRequest r) {
        return sdk.get().updateSecret(r);
    }

    @Override
    public DescribeSecretResponse describeSecret(DescribeSecretRequest r) {
        return sdk.get().describeSecret(r);
    }

    @Override
    public DeleteSecretResponse deleteSecret(DeleteSecretRequest r) {
        return sdk.get().deleteSecret(r);
    }

    @Override
    public SecretsManagerServiceClientConfiguration serviceClientConfiguration() {
        return sdk.get().serviceClientConfiguration();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
        // Nothing of its own to close: see JsonDynamoDb#close.
    }
}
