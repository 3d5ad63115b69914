package dev.hfjobs.aws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hfjobs.Deadline;
import dev.hfjobs.hub.TokenProvider;
import dev.hfjobs.hub.TokenUnavailableException;
import dev.hfjobs.model.ModelException;
import dev.hfjobs.model.Wire;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InternalServiceErrorException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * The Hugging Face token from AWS Secrets Manager, cached per container.
 *
 * <p>The secret (a name or an ARN) holds either the bare token or a JSON object with a
 * {@code HF_TOKEN} key; surrounding whitespace is ignored, an empty token is an error. The value
 * is read at most once per {@code ttl} (concurrent callers share one read, each waiting no longer
 * than its own deadline), and again after {@link #invalidate()}, which the Hub client calls when
 * the Hub answers 401 (rotation).
 *
 * <p>Every failure is a {@link TokenUnavailableException} whose message names the secret id and
 * the reason (the SDK exception's class, or what is wrong with the content), never the value.
 */
public final class SecretsManagerTokenProvider implements TokenProvider {
    /** How long a read token is used before Secrets Manager is asked again. */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(15);

    static final String JSON_KEY = "HF_TOKEN";

    private final SecretsManagerClient client;
    private final String secretId;
    private final Duration ttl;
    private final Clock clock;
    // The read in progress, shared by whoever asks meanwhile: under a brownout ten parallel
    // messages wait for one slow read, not for ten in a row.
    private final AtomicReference<CompletableFuture<String>> inFlight = new AtomicReference<>();
    private volatile Cached cached;

    /** A provider with the {@link #DEFAULT_TTL} and the system clock. */
    public SecretsManagerTokenProvider(SecretsManagerClient client, String secretId) {
        this(client, secretId, DEFAULT_TTL, Clock.systemUTC());
    }

    /**
     * @param secretId the secret's name or ARN
     * @param ttl how long a token is reused; must be positive
     * @param clock the time source for the ttl (tests pass a fixed one)
     */
    public SecretsManagerTokenProvider(SecretsManagerClient client, String secretId, Duration ttl, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.secretId = Objects.requireNonNull(secretId, "secretId");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive: " + ttl);
        }
    }

    /** The secret id this provider reads (not a secret itself). */
    public String secretId() {
        return secretId;
    }

    @Override
    public String token(Deadline deadline) {
        Cached current = cached;
        if (current != null && current.freshAt(clock.instant())) {
            return current.token();
        }
        CompletableFuture<String> mine = new CompletableFuture<>();
        CompletableFuture<String> reading = inFlight.compareAndExchange(null, mine);
        if (reading == null) {
            return readFor(mine, deadline);
        }
        return await(reading, deadline);
    }

    /** This caller reads; everyone who asks meanwhile gets the same value or the same failure. */
    private String readFor(CompletableFuture<String> mine, Deadline deadline) {
        try {
            String token = read(deadline);
            cached = new Cached(token, clock.instant().plus(ttl));
            mine.complete(token);
            return token;
        } catch (TokenUnavailableException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.set(null);
        }
    }

    private String await(CompletableFuture<String> reading, Deadline deadline) {
        try {
            return reading.get(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof TokenUnavailableException unavailable ? unavailable
                    : new TokenUnavailableException("HF token secret '" + secretId + "' could not be read", true);
        } catch (TimeoutException e) {
            throw new TokenUnavailableException("HF token secret '" + secretId
                    + "' was still being read when the time ran out", true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenUnavailableException("interrupted while HF token secret '" + secretId + "' was read", true);
        }
    }

    @Override
    public void invalidate() {
        cached = null;
    }

    private String read(Deadline deadline) {
        AwsRequestOverrideConfiguration limits = AwsCalls.limits(deadline).orElseThrow(() ->
                new TokenUnavailableException("no time left to read HF token secret '" + secretId + "'", true));
        GetSecretValueResponse response;
        try {
            response = client.getSecretValue(b -> b.secretId(secretId).overrideConfiguration(limits));
        } catch (SdkException e) {
            throw new TokenUnavailableException("HF token secret '" + secretId + "' could not be read: "
                    + e.getClass().getSimpleName(), isTransient(e), e);
        }
        return parse(rawValue(response));
    }

    /**
     * Slow, throttled, unreachable or failing (5xx) Secrets Manager: transient. Missing, denied,
     * undecryptable or a bad id: someone has to change the configuration.
     */
    static boolean isTransient(SdkException e) {
        return switch (e) {
            case SecretsManagerException service -> service.isThrottlingException()
                    || service.statusCode() >= 500 || service instanceof InternalServiceErrorException;
            case SdkClientException client -> true;
            default -> false;
        };
    }

    private String rawValue(GetSecretValueResponse response) {
        if (response.secretString() != null) {
            return response.secretString();
        }
        if (response.secretBinary() != null) {
            return response.secretBinary().asString(StandardCharsets.UTF_8);
        }
        throw unavailable("it has no value");
    }

    /** The token inside a secret value: bare, or the {@code HF_TOKEN} member of a JSON object. */
    String parse(String raw) {
        String value = raw.strip();
        if (value.startsWith("{")) {
            value = fromJson(value);
        }
        if (value.isEmpty()) {
            throw unavailable("the token is empty");
        }
        return value;
    }

    private String fromJson(String json) {
        JsonNode root;
        try {
            root = Wire.parse(json);
        } catch (ModelException e) {
            // Not chained: Jackson's message quotes the content it could not parse.
            throw unavailable("its value starts with '{' but is not valid JSON");
        }
        JsonNode token = root.get(JSON_KEY);
        if (token == null || token.isNull()) {
            throw unavailable("it is JSON without a " + JSON_KEY + " key");
        }
        if (!token.isTextual()) {
            throw unavailable("its " + JSON_KEY + " member is not a string");
        }
        return token.textValue().strip();
    }

    private TokenUnavailableException unavailable(String reason) {
        return new TokenUnavailableException("HF token secret '" + secretId + "' is unusable: " + reason, false);
    }

    @Override
    public String toString() {
        return "SecretsManagerTokenProvider[secretId=" + secretId + ", ttl=" + ttl + "]";
    }

    /** A token and when it stops being fresh. */
    private record Cached(String token, Instant freshUntil) {
        boolean freshAt(Instant now) {
            return now.isBefore(freshUntil);
        }

        @Override
        public String toString() {
            return "Cached[token=***, freshUntil=" + freshUntil + "]";
        }
    }
}
