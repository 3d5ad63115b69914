package dev.hfjobs.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hfjobs.testing.MotoServer;
import dev.hfjobs.testing.SlowProxy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
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

    private static ExecutionInterceptor countAttempts(AtomicInteger attempts) {
        return new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                attempts.incrementAndGet();
            }
        };
    }
}
