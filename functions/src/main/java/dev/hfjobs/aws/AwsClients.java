package dev.hfjobs.aws;

import dev.hfjobs.Once;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The AWS clients the functions use, each built once, on first use, and shared by everything in
 * the container. DynamoDB, Secrets Manager and EventBridge, the services of the submit path, are
 * the functions' own JSON-protocol clients behind the SDK's interfaces ({@link JsonService}: the
 * SDK's clients cost a plain cold start about 400 ms); SQS, Step Functions and CloudWatch Logs are
 * the SDK's.
 *
 * <p>Every client has its region set explicitly, uses the one shared {@code url-connection-client}
 * and the SDK's default credentials chain (SnapStart hands credentials over through the container
 * provider, which an explicit environment-variable provider would miss), the standard retry mode
 * and a time limit per attempt and per call. In production the
 * endpoints are the SDK's own business: it honours {@code AWS_ENDPOINT_URL} and
 * {@code AWS_ENDPOINT_URL_<SERVICE>}; {@link #forEndpoint} is for tests.
 */
public final class AwsClients {
    static final Region DEFAULT_REGION = Region.US_EAST_1;
    /*
     * Bounds on one AWS call, retries included. Left to itself the SDK retries a throttled DynamoDB
     * call up to 8 times with backoff of up to 20 s (over a minute in all) and waits 30 s for a
     * silent socket: longer than the API function's 29 s, so the caller would get Lambda's timeout
     * instead of a retryable answer. Standard mode: 3 attempts; none of our calls needs 3 s.
     */
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(8);
    private static final Once<AwsClients> FROM_ENVIRONMENT = new Once<>(() -> fromEnvironment(System.getenv()));

    private final Region region;
    private final Configurer configurer;
    private final Once<SecretsManagerClient> secretsManager;
    private final Once<SecretsManagerClient> sdkSecretsManager;
    private final Once<EventBridgeClient> eventBridge;
    private final Once<EventBridgeClient> sdkEventBridge;
    private final Once<SqsClient> sqs;
    private final Once<DynamoDbClient> dynamoDb;
    private final Once<DynamoDbClient> sdkDynamoDb;
    private final Once<SfnClient> stepFunctions;
    private final Once<CloudWatchLogsClient> logs;
    private final Once<SsmParameterStore> ssm;

    private AwsClients(Region region, Configurer configurer) {
        this.region = region;
        this.configurer = configurer;
        this.sdkSecretsManager = new Once<>(() -> configurer.build(SecretsManagerClient.builder()));
        this.secretsManager = new Once<>(() -> new JsonSecretsManager(
                configurer.json(JsonSecretsManager.PROTOCOL, JsonSecretsManager::exception),
                sdkSecretsManager));
        this.sdkEventBridge = new Once<>(() -> configurer.build(EventBridgeClient.builder()));
        this.eventBridge = new Once<>(() -> new JsonEventBridge(
                configurer.json(JsonEventBridge.PROTOCOL, JsonEventBridge::exception), sdkEventBridge));
        this.sqs = new Once<>(() -> configurer.build(SqsClient.builder()));
        this.sdkDynamoDb = new Once<>(() -> configurer.build(DynamoDbClient.builder()));
        this.dynamoDb = new Once<>(() -> new JsonDynamoDb(
                configurer.json(JsonDynamoDb.PROTOCOL, JsonDynamoDb::exception), sdkDynamoDb));
        this.stepFunctions = new Once<>(() -> configurer.build(SfnClient.builder()));
        this.logs = new Once<>(() -> configurer.build(CloudWatchLogsClient.builder()));
        this.ssm = new Once<>(() -> new SsmParameterStore(configurer.http().get(), configurer.credentials().get(),
                region, configurer.endpoint() != null ? configurer.endpoint()
                        : SsmParameterStore.endpoint(System.getenv(), region)));
    }

    /**
     * The container's clients: region from {@code AWS_REGION}, else {@code AWS_DEFAULT_REGION},
     * else us-east-1. The same instance on every call.
     */
    public static AwsClients fromEnvironment() {
        return FROM_ENVIRONMENT.get();
    }

    static AwsClients fromEnvironment(Map<String, String> env) {
        Region region = regionFrom(env);
        Supplier<SdkHttpClient> http = new Once<>(UrlConnectionHttpClient::create);
        Supplier<AwsCredentialsProvider> credentials = new Once<>(() -> credentialsFrom(env));
        return new AwsClients(region, new Configurer(region, http, new Exchange.UrlConnection(), credentials, null,
                List.of()));
    }

    /**
     * The function role's credentials. Lambda puts them in the environment, where the default chain
     * would find them too, but building that chain (profile files, the container and instance
     * providers, their JSON parser) costs a plain cold start about 100 classes it never uses. On
     * SnapStart, Lambda serves them from a container endpoint instead: then the default chain.
     */
    static AwsCredentialsProvider credentialsFrom(Map<String, String> env) {
        boolean keys = nonBlank(env, "AWS_ACCESS_KEY_ID").isPresent() && nonBlank(env, "AWS_SECRET_ACCESS_KEY")
                .isPresent();
        return keys && nonBlank(env, "AWS_CONTAINER_CREDENTIALS_FULL_URI").isEmpty()
                ? EnvironmentVariableCredentialsProvider.create() : DefaultCredentialsProvider.builder().build();
    }

    /**
     * Clients for a local endpoint such as moto_server: every service at {@code endpoint}, with the
     * given credentials (static test ones) and optional interceptors (e.g. to count requests).
     */
    public static AwsClients forEndpoint(
            URI endpoint, Region region, AwsCredentialsProvider credentials, ExecutionInterceptor... interceptors) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(credentials, "credentials");
        Supplier<SdkHttpClient> http = new Once<>(UrlConnectionHttpClient::create);
        return new AwsClients(
                region, new Configurer(region, http, new Exchange.UrlConnection(), () -> credentials, endpoint,
                List.of(interceptors)));
    }

    /** Clients over {@code http} with {@code credentials}, for {@link OfflineWarmUp}; endpoints as in production. */
    static AwsClients offline(Region region, SdkHttpClient http, AwsCredentialsProvider credentials) {
        return new AwsClients(region, new Configurer(region, () -> http, new Exchange.SdkHttp(() -> http),
                () -> credentials, null, List.of()));
    }

    /** Closes every client (throwaway ones: production clients live as long as the container). */
    public void closeAll() {
        List.<Once<? extends SdkClient>>of(sdkSecretsManager, sdkEventBridge, sqs, sdkDynamoDb, stepFunctions, logs)
                .forEach(client -> client.ifBuilt().ifPresent(SdkClient::close));
    }

    static Region regionFrom(Map<String, String> env) {
        return nonBlank(env, "AWS_REGION")
                .or(() -> nonBlank(env, "AWS_DEFAULT_REGION"))
                .map(Region::of)
                .orElse(DEFAULT_REGION);
    }

    private static Optional<String> nonBlank(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    /**
     * Does the first call's HTTP set-up now: the TLS context of an https endpoint is the costliest
     * part of a first call, and needs nothing a client's build does, so a plain cold start runs the
     * two at once. (A plain-http endpoint, such as a local one, needs none.)
     */
    public void prefetchHttp() {
        configurer.prefetch();
    }

    /** The region every client uses. */
    public Region region() {
        return region;
    }

    /**
     * The Secrets Manager client, built on the first call: {@code GetSecretValue} in the functions'
     * own JSON client ({@link JsonService}), the operations tests use to set secrets up through the SDK.
     */
    public SecretsManagerClient secretsManager() {
        return secretsManager.get();
    }

    /** SSM Parameter Store's GetParameter (job secrets kept there), built on the first call. */
    SsmParameterStore ssm() {
        return ssm.get();
    }

    /** The EventBridge client, built on the first call: {@code PutEvents} in {@link JsonService}, as {@link #secretsManager}. */
    public EventBridgeClient eventBridge() {
        return eventBridge.get();
    }

    /** The SQS client, built on the first call. */
    public SqsClient sqs() {
        return sqs.get();
    }

    /** The DynamoDB client, built on the first call: the item operations in {@link JsonService}, as {@link #secretsManager}. */
    public DynamoDbClient dynamoDb() {
        return dynamoDb.get();
    }

    /** The Step Functions client (task callbacks), built on the first call. */
    public SfnClient stepFunctions() {
        return stepFunctions.get();
    }

    /** The CloudWatch Logs client (job logs), built on the first call. */
    public CloudWatchLogsClient logs() {
        return logs.get();
    }

    /**
     * The settings every client shares: one SDK HTTP client for the SDK's clients, one exchange for
     * the functions' own JSON clients.
     */
    private record Configurer(
            Region region,
            Supplier<SdkHttpClient> http,
            Exchange exchange,
            Supplier<AwsCredentialsProvider> credentials,
            URI endpoint,
            List<ExecutionInterceptor> interceptors) {

        void prefetch() {
            exchange.prefetch(endpointOf(JsonDynamoDb.PROTOCOL));
        }

        /** A JSON-protocol service at its endpoint ({@link #endpointOf}). */
        JsonService json(JsonService.Protocol protocol, JsonService.Errors errors) {
            return new JsonService(protocol, region, endpointOf(protocol), exchange, credentials, interceptors, errors);
        }

        /** The configured endpoint, else the one the SDK would use for {@code protocol}'s service. */
        private URI endpointOf(JsonService.Protocol protocol) {
            return endpoint != null ? endpoint
                    : JsonService.endpoint(System.getenv(), region, protocol.endpointVariable(), protocol.signingName());
        }

        <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder) {
            builder.region(region).credentialsProvider(credentials.get()).httpClient(new DeferredHttpClient(http));
            if (endpoint != null) {
                builder.endpointOverride(endpoint);
            }
            builder.overrideConfiguration(ClientOverrideConfiguration.builder()
                    .retryStrategy(RetryMode.STANDARD)
                    .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                    .apiCallTimeout(CALL_TIMEOUT)
                    .executionInterceptors(interceptors)
                    .build());
            return builder.build();
        }
    }
}
