package dev.hfjobs.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hfjobs.model.Wire;
import dev.hfjobs.testing.MotoServer;
import dev.hfjobs.testing.SlowProxy;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/** The functions' own JSON-protocol client against moto: what it sends, what it makes of errors, how it retries. */
class JsonServiceTest {
    final MotoServer moto = MotoServer.get();

    @Test
    void everyRegionsDomainIsTheOneTheSdkGives() {
        for (Region region : Region.regions()) {
            if (!region.isGlobalRegion()) {
                assertThat(JsonService.domain(region)).as(region.id())
                        .isEqualTo(PartitionMetadata.of(region).dnsSuffix());
            }
        }
    }

    @Test
    void theServicesOwnEndpointVariableWinsOverTheSharedOneUnlessEndpointsAreIgnored() {
        Map<String, String> env = Map.of("AWS_ENDPOINT_URL", "http://shared:1", "AWS_ENDPOINT_URL_DYNAMODB",
                "http://own:2");
        assertThat(JsonService.endpoint(env, Region.EU_WEST_1, "DYNAMODB", "dynamodb"))
                .isEqualTo(URI.create("http://own:2"));
        assertThat(JsonService.endpoint(env, Region.EU_WEST_1, "EVENTBRIDGE", "events"))
                .isEqualTo(URI.create("http://shared:1"));
        assertThat(JsonService.endpoint(Map.of("AWS_ENDPOINT_URL", "http://shared:1",
                "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"), Region.CN_NORTH_1, "DYNAMODB", "dynamodb"))
                .isEqualTo(URI.create("https://dynamodb.cn-north-1.amazonaws.com.cn"));
    }

    @Test
    void everyAttributeTypeSurvivesAWriteAndARead() {
        DynamoDbClient db = moto.clients().dynamoDb();
        String table = moto.createJobsTable();
        Map<String, AttributeValue> item = Map.of(
                "pk", AttributeValue.fromS("doc#types"),
                "n", AttributeValue.fromN("12.5"),
                "b", AttributeValue.fromB(SdkBytes.fromUtf8String("bytes")),
                "bool", AttributeValue.fromBool(false),
                "nul", AttributeValue.fromNul(true),
                "m", AttributeValue.fromM(Map.of("inner", AttributeValue.fromL(List.of(AttributeValue.fromS("x"))))),
                "ss", AttributeValue.fromSs(List.of("a", "b")),
                "ns", AttributeValue.fromNs(List.of("1", "2")),
                "bs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("c"))));
        db.putItem(b -> b.tableName(table).item(item));

        Map<String, AttributeValue> read = db.getItem(b -> b.tableName(table).key(Map.of("pk", item.get("pk")))
                .consistentRead(true)).item();

        assertThat(read).containsOnlyKeys(item.keySet());
        item.forEach((name, value) -> {
            if (value.type() == AttributeValue.Type.SS || value.type() == AttributeValue.Type.NS) {
                assertThat(read.get(name).type()).isEqualTo(value.type());
            } else {
                assertThat(read.get(name)).as(name).isEqualTo(value);
            }
        });
        assertThat(read.get("ss").ss()).containsExactlyInAnyOrder("a", "b");
        assertThat(read.get("ns").ns()).containsExactlyInAnyOrder("1", "2");
    }

    @Test
    void whatTheSdkWritesThisClientReadsAndTheOtherWayRound() {
        String table = moto.createJobsTable();
        Map<String, AttributeValue> item = Map.of(
                "pk", AttributeValue.fromS("doc#both-ways"),
                "b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, -1, 42})),
                "m", AttributeValue.fromM(Map.of("n", AttributeValue.fromN("-0.5"),
                        "l", AttributeValue.fromL(List.of(AttributeValue.fromBool(true), AttributeValue.fromNul(true))))),
                "bs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("é"))));
        try (DynamoDbClient sdk = DynamoDbClient.builder().region(MotoServer.REGION)
                .credentialsProvider(MotoServer.CREDENTIALS).endpointOverride(moto.endpoint())
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            DynamoDbClient ours = moto.clients().dynamoDb();
            Map<String, AttributeValue> key = Map.of("pk", item.get("pk"));

            ours.putItem(b -> b.tableName(table).item(item));
            assertThat(sdk.getItem(b -> b.tableName(table).key(key).consistentRead(true)).item()).isEqualTo(item);

            sdk.deleteItem(b -> b.tableName(table).key(key));
            sdk.putItem(b -> b.tableName(table).item(item));
            assertThat(ours.getItem(b -> b.tableName(table).key(key).consistentRead(true)).item()).isEqualTo(item);
        }
    }

    @Test
    void anEventArrivesAsItWasPutWithItsTimeAndResources() {
        String bus = moto.createEventBus().busName();
        String queue = moto.routeToQueue(bus);
        Instant time = Instant.parse("2026-11-30T12:34:56Z");
        EventBridgeClient events = moto.clients().eventBridge();

        PutEventsResponse response = events.putEvents(b -> b.entries(e -> e.source("hf.jobs").detailType("HF Test")
                .detail("{\"jobId\":\"abc\",\"n\":1}").eventBusName(bus).time(time)
                .resources("arn:aws:test:::one")));

        assertThat(response.failedEntryCount()).isZero();
        assertThat(response.entries()).singleElement().satisfies(e -> assertThat(e.eventId()).isNotBlank());
        JsonNode delivered = Wire.parse(moto.clients().sqs().receiveMessage(b -> b.queueUrl(queue)
                .waitTimeSeconds(5)).messages().getFirst().body());
        assertThat(delivered.path("source").asText()).isEqualTo("hf.jobs");
        assertThat(delivered.path("detail-type").asText()).isEqualTo("HF Test");
        assertThat(delivered.path("detail")).isEqualTo(Wire.parse("{\"jobId\":\"abc\",\"n\":1}"));
        assertThat(Instant.parse(delivered.path("time").asText())).isEqualTo(time);
        assertThat(delivered.path("resources").get(0).asText()).isEqualTo("arn:aws:test:::one");
    }

    @Test
    void aBinarySecretAndAnEarlierVersionAreReadAsStored() {
        SecretsManagerClient secrets = moto.clients().secretsManager();
        String name = MotoServer.uniqueName("binary");
        byte[] bytes = {1, 2, 3, -128};
        secrets.createSecret(b -> b.name(name).secretBinary(SdkBytes.fromByteArray(bytes)));
        secrets.putSecretValue(b -> b.secretId(name).secretString("second"));

        GetSecretValueResponse previous = secrets.getSecretValue(b -> b.secretId(name).versionStage("AWSPREVIOUS"));
        GetSecretValueResponse current = secrets.getSecretValue(b -> b.secretId(name));

        assertThat(previous.secretBinary().asByteArray()).isEqualTo(bytes);
        assertThat(previous.secretString()).isNull();
        assertThat(previous.versionStages()).contains("AWSPREVIOUS");
        assertThat(current.secretString()).isEqualTo("second");
        assertThat(current.name()).isEqualTo(name);
        assertThat(current.arn()).contains(name);
        assertThat(current.createdDate()).isNotNull();
    }

    @Test
    void aFailedConditionIsTheSdksExceptionWithTheItemAskedFor() {
        DynamoDbClient db = moto.clients().dynamoDb();
        String table = moto.createJobsTable();
        Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS("doc#x"), "v", AttributeValue.fromN("1"));
        db.putItem(b -> b.tableName(table).item(item));

        assertThatThrownBy(() -> db.putItem(b -> b.tableName(table).item(item)
                .conditionExpression("attribute_not_exists(pk)")
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)))
                .isInstanceOfSatisfying(ConditionalCheckFailedException.class, e -> {
                    assertThat(e.item()).isEqualTo(item);
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ConditionalCheckFailedException");
                    assertThat(e.isThrottlingException()).isFalse();
                });
    }

    @Test
    void aClientErrorIsNotRetriedAndKeepsItsCode() {
        AtomicInteger attempts = new AtomicInteger();
        DynamoDbClient db = moto.clients(countAttempts(attempts)).dynamoDb();

        assertThatThrownBy(() -> db.getItem(b -> b.tableName("no-such-table")
                .key(Map.of("pk", AttributeValue.fromS("x")))))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(attempts).hasValue(1);
        assertThatThrownBy(() -> moto.clients().secretsManager().getSecretValue(b -> b.secretId("no-such-secret")))
                .isInstanceOfSatisfying(SecretsManagerException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException"));
    }

    @Test
    void throttlingIsRetriedThreeTimesInAllThenThrown() {
        AtomicInteger attempts = new AtomicInteger();
        ExecutionInterceptor throttle = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                attempts.incrementAndGet();
                throw ProvisionedThroughputExceededException.builder().statusCode(400).awsErrorDetails(
                        AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException").build()).build();
            }
        };
        DynamoDbClient db = moto.clients(throttle).dynamoDb();

        assertThatThrownBy(() -> db.getItem(b -> b.tableName("t").key(Map.of("pk", AttributeValue.fromS("x")))))
                .isInstanceOf(ProvisionedThroughputExceededException.class);
        assertThat(attempts).hasValue(3);
    }

    @Test
    void aRefusedConnectionIsRetriedThenAClientException() {
        AtomicInteger attempts = new AtomicInteger();
        DynamoDbClient db = moto.clientsVia(URI.create("http://127.0.0.1:1"), countAttempts(attempts)).dynamoDb();

        assertThatThrownBy(() -> db.getItem(b -> b.tableName("t").key(Map.of("pk", AttributeValue.fromS("x")))))
                .isInstanceOf(SdkClientException.class);
        assertThat(attempts).hasValue(3);
    }

    @Test
    void aCallWithNoTimeLeftIsNotSent() {
        AtomicInteger attempts = new AtomicInteger();
        DynamoDbClient db = moto.clients(countAttempts(attempts)).dynamoDb();

        assertThatThrownBy(() -> db.getItem(b -> b.tableName("t").key(Map.of("pk", AttributeValue.fromS("x")))
                .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofNanos(1)))))
                .isInstanceOf(ApiCallTimeoutException.class);
        assertThat(attempts).hasValue(0);
    }

    @Test
    void aSlowServiceEndsTheCallAtItsTimeLimitAsACallTimeout() {
        AtomicInteger attempts = new AtomicInteger();
        try (SlowProxy proxy = SlowProxy.to(moto.endpoint())) {
            proxy.slow("dynamodb", Duration.ofSeconds(3));
            DynamoDbClient db = moto.clientsVia(proxy.endpoint(), countAttempts(attempts)).dynamoDb();
            long started = System.nanoTime();

            // Attempts of 400 ms, retried, until the call's 1.2 s are up: the caller must be able to
            // tell "no time left" (not worth retrying) from one slow attempt.
            assertThatThrownBy(() -> db.getItem(b -> b.tableName("t").key(Map.of("pk", AttributeValue.fromS("x")))
                    .overrideConfiguration(o -> o.apiCallAttemptTimeout(Duration.ofMillis(400))
                            .apiCallTimeout(Duration.ofMillis(1200)))))
                    .isInstanceOf(ApiCallTimeoutException.class);

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2000));
            assertThat(attempts.get()).isBetween(2, 3);
        }
    }

    @Test
    void anAttemptThatFailsOnceItsTimeIsUpIsATimeOutWhicheverTimerNoticedFirst() {
        // The socket's own read timeout and the watchdog are set to the same instant; when the socket
        // wins, the attempt still ran out of time. Here each attempt's set-up alone outlasts its time,
        // so the socket's "Read timed out" always comes first.
        AtomicInteger attempts = new AtomicInteger();
        SdkHttpClient lateSocket = new SdkHttpClient() {
            @Override
            public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                attempts.incrementAndGet();
                AwsCalls.pause(Duration.ofMillis(420));
                return new ExecutableHttpRequest() {
                    @Override
                    public HttpExecuteResponse call() throws IOException {
                        throw new SocketTimeoutException("Read timed out");
                    }

                    @Override
                    public void abort() {}
                };
            }

            @Override
            public void close() {}
        };
        JsonService service = new JsonService(JsonDynamoDb.PROTOCOL, Region.US_EAST_1, URI.create("http://localhost:9"),
                new Exchange.SdkHttp(() -> lateSocket),
                () -> StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "not-a-secret")),
                List.of(), JsonDynamoDb::exception);
        GetItemRequest request = GetItemRequest.builder().tableName("t")
                .overrideConfiguration(o -> o.apiCallAttemptTimeout(Duration.ofMillis(400))
                        .apiCallTimeout(Duration.ofMillis(1200)))
                .build();

        assertThatThrownBy(() -> service.call(request, "GetItem", Wire.object(), answer -> GetItemResponse.builder().build()))
                .isInstanceOf(ApiCallTimeoutException.class);
        assertThat(attempts.get()).isBetween(2, 3);
    }

    private static ExecutionInterceptor countAttempts(AtomicInteger attempts) {
        return new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                attempts.incrementAndGet();
            }
        };
    }
}
