package dev.hfjobs.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfjobs.testing.MotoServer;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class DeferredHttpClientTest {
    @Test
    void buildingAnSdkClientLeavesTheHttpClientUncreatedUntilTheFirstCall() {
        AtomicInteger created = new AtomicInteger();
        SdkHttpClient deferred = new DeferredHttpClient(new dev.hfjobs.Once<>(() -> {
            created.incrementAndGet();
            return UrlConnectionHttpClient.create();
        }));
        MotoServer moto = MotoServer.get();

        try (DynamoDbClient client = DynamoDbClient.builder().region(Region.US_EAST_1).httpClient(deferred)
                .credentialsProvider(moto.aws().dynamoDb().serviceClientConfiguration().credentialsProvider())
                .endpointOverride(moto.endpoint()).build()) {
            assertThat(created).as("after the build").hasValue(0);
            assertThat(deferred.clientName()).isEqualTo(UrlConnectionHttpClient.create().clientName());

            client.listTables();
            client.listTables();

            assertThat(created).as("after two calls").hasValue(1);
        }
    }
}
