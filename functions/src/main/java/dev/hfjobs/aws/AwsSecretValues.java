package dev.hfjobs.aws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hfjobs.Deadline;
import dev.hfjobs.model.ModelException;
import dev.hfjobs.model.Wire;
import dev.hfjobs.secrets.SecretReference;
import dev.hfjobs.secrets.SecretRules;
import dev.hfjobs.secrets.SecretValues;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * Job secret values from Secrets Manager ({@code GetSecretValue}) and SSM Parameter Store
 * ({@code GetParameter} with decryption), cached per container for {@link #TTL}: a burst of jobs
 * with the same reference reads it once, and a rotated value is seen within a minute. Only values
 * found are cached. Failures are classified, never quoted: an SDK message may echo what it read.
 */
public final class AwsSecretValues implements SecretValues {
    /** How long a value read is reused. */
    public static final Duration TTL = Duration.ofSeconds(60);
    private static final int MAX_CACHED = 256;

    private final Supplier<SecretsManagerClient> secretsManager;
    private final Supplier<SsmParameterStore> ssm;
    private final SecretRules rules;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(String value, Instant until) {}

    AwsSecretValues(Supplier<SecretsManagerClient> secretsManager, Supplier<SsmParameterStore> ssm, SecretRules rules,
            Clock clock) {
        this.secretsManager = secretsManager;
        this.ssm = ssm;
        this.rules = rules;
        this.clock = clock;
    }

    /** Values read through {@code aws}'s clients (built on first use). */
    public static AwsSecretValues of(AwsClients aws, SecretRules rules, Clock clock) {
        return new AwsSecretValues(aws::secretsManager, aws::ssm, rules, clock);
    }

    @Override
    public Lookup read(SecretReference reference, Deadline deadline) {
        Cached cached = cache.get(reference.text());
        if (cached != null && clock.instant().isBefore(cached.until())) {
            return new Lookup.Found(cached.value());
        }
        Lookup lookup = AwsCalls.limits(deadline)
                .map(limits -> fetch(reference, limits))
                .orElseGet(() -> new Lookup.Unavailable("could not be read: no time was left"));
        if (lookup instanceof Lookup.Found found) {
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
            cache.put(reference.text(), new Cached(found.value(), clock.instant().plus(TTL)));
        }
        return lookup;
    }

    private Lookup fetch(SecretReference reference, AwsRequestOverrideConfiguration limits) {
        try {
            return switch (reference) {
                case SecretReference.SecretsManagerSecret secret -> secret(secret, limits);
                case SecretReference.Parameter parameter -> parameter(parameter, limits);
            };
        } catch (SdkException e) {
            return failure(e);
        }
    }

    private Lookup secret(SecretReference.SecretsManagerSecret secret, AwsRequestOverrideConfiguration limits) {
        GetSecretValueResponse response = secretsManager.get().getSecretValue(b -> b.secretId(secret.secretId())
                .versionStage(secret.versionStage()).versionId(secret.versionId()).overrideConfiguration(limits));
        if (SecretRules.sameSecretName(response.name(), rules.tokenName())) {
            return new Lookup.Refused("names the functions' own Hugging Face token secret, which is never given to a job");
        }
        if (response.secretString() == null) {
            return new Lookup.Refused("holds a binary value; only text secrets can be given to a job");
        }
        return secret.key().map(key -> member(response.secretString(), key))
                .orElseGet(() -> new Lookup.Found(response.secretString()));
    }

    /** One key of a JSON secret, as Batch and ECS pick it. */
    private static Lookup member(String json, String key) {
        JsonNode root;
        try {
            root = Wire.parse(json);
        } catch (ModelException e) {
            return new Lookup.Refused("is not a JSON object, so its key '" + key + "' cannot be picked");
        }
        if (!root.isObject()) {
            return new Lookup.Refused("is not a JSON object, so its key '" + key + "' cannot be picked");
        }
        JsonNode value = root.get(key);
        if (value == null || value.isNull()) {
            return new Lookup.Refused("has no key '" + key + "'");
        }
        return value.isValueNode() ? new Lookup.Found(value.asText())
                : new Lookup.Refused("has key '" + key + "' but its value is not a string");
    }

    private Lookup parameter(SecretReference.Parameter reference, AwsRequestOverrideConfiguration limits) {
        Duration timeout = limits.apiCallAttemptTimeout().orElse(AwsClients.ATTEMPT_TIMEOUT);
        return switch (ssm.get().getParameter(reference.name(), timeout)) {
            case SsmParameterStore.Answer.Parameter parameter when !"SecureString".equals(parameter.type()) ->
                    new Lookup.Refused("is a " + parameter.type() + " parameter; only SecureString parameters can be "
                            + "given to a job");
            case SsmParameterStore.Answer.Parameter parameter -> new Lookup.Found(parameter.value());
            case SsmParameterStore.Answer.Failed failed when failed.isTransient() ->
                    new Lookup.Unavailable("could not be read now (" + failed.code() + ")");
            case SsmParameterStore.Answer.Failed failed -> new Lookup.Refused(refusal(failed.code()));
        };
    }

    /** Throttling, 5xx and network trouble may pass; the rest needs someone to change something. */
    static Lookup failure(SdkException e) {
        return switch (e) {
            case AwsServiceException service when service.isThrottlingException() || service.statusCode() >= 500 ->
                    new Lookup.Unavailable("could not be read now (" + code(service) + ")");
            case AwsServiceException service -> new Lookup.Refused(refusal(code(service)));
            case SdkClientException client -> new Lookup.Unavailable("could not be read now ("
                    + client.getClass().getSimpleName() + ")");
            default -> new Lookup.Unavailable("could not be read now (" + e.getClass().getSimpleName() + ")");
        };
    }

    private static String refusal(String code) {
        return switch (code) {
            case "ResourceNotFoundException", "ParameterNotFound", "ParameterVersionNotFound" -> "was not found";
            case "AccessDeniedException" -> "could not be read: access denied to the functions (is it under the "
                    + "allowed prefix, and its KMS key allowed?)";
            case "DecryptionFailure", "InvalidKeyId", "KMSAccessDeniedException" -> "could not be decrypted (check "
                    + "its KMS key and the stack's JobSecretsKmsKeyArn)";
            case "InvalidRequestException" -> "cannot be read now (InvalidRequest: e.g. it is scheduled for deletion)";
            default -> "could not be read (" + code + ")";
        };
    }

    private static String code(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return code == null || !code.matches("[A-Za-z0-9.]{1,64}") ? "HTTP " + e.statusCode() : code;
    }
}
