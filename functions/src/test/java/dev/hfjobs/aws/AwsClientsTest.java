package dev.hfjobs.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hfjobs.testing.MotoServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.regions.Region;

class AwsClientsTest {

    @Test
    void regionComesFromAwsRegionFirst() {
        assertThat(AwsClients.regionFrom(Map.of("AWS_REGION", "eu-west-1", "AWS_DEFAULT_REGION", "us-west-2")))
                .isEqualTo(Region.EU_WEST_1);
    }

    @Test
    void regionFallsBackToAwsDefaultRegionThenUsEast1() {
        assertThat(AwsClients.regionFrom(Map.of("AWS_DEFAULT_REGION", "us-west-2"))).isEqualTo(Region.US_WEST_2);
        assertThat(AwsClients.regionFrom(Map.of("AWS_REGION", " "))).isEqualTo(Region.US_EAST_1);
        assertThat(AwsClients.regionFrom(Map.of())).isEqualTo(Region.US_EAST_1);
    }

    @Test
    void roleKeysInTheEnvironmentAreReadWithoutTheDefaultChain() {
        assertThat(AwsClients.credentialsFrom(Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY",
                "secret", "AWS_SESSION_TOKEN", "token"))).isInstanceOf(EnvironmentVariableCredentialsProvider.class);
    }

    @Test
    void snapStartContainerCredentialsAndMissingKeysGoThroughTheDefaultChain() {
        assertThat(AwsClients.credentialsFrom(Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY",
                "secret", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9001/2021-04-23/credentials")))
                .isInstanceOf(DefaultCredentialsProvider.class);
        assertThat(AwsClients.credentialsFrom(Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI",
                "http://127.0.0.1:9001/2021-04-23/credentials"))).isInstanceOf(DefaultCredentialsProvider.class);
        assertThat(AwsClients.credentialsFrom(Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY",
                " "))).isInstanceOf(DefaultCredentialsProvider.class);
    }

    @Test
    void environmentClientsAreOneSharedSetWithTheRegionSet() {
        AwsClients clients = AwsClients.fromEnvironment();

        assertThat(AwsClients.fromEnvironment()).isSameAs(clients);
        assertThat(clients.sqs()).isSameAs(clients.sqs());
        assertThat(clients.dynamoDb().serviceClientConfiguration().region()).isEqualTo(clients.region());
        assertThat(clients.region()).isEqualTo(AwsClients.regionFrom(System.getenv()));
    }

    @Test
    void eachClientIsBuiltOnceOnFirstUse() {
        AwsClients clients = MotoServer.get().clients();

        assertThat(clients.secretsManager()).isSameAs(clients.secretsManager());
        assertThat(clients.eventBridge()).isSameAs(clients.eventBridge());
        assertThat(clients.dynamoDb()).isSameAs(clients.dynamoDb());
        assertThat(clients.sqs().serviceClientConfiguration().endpointOverride()).contains(MotoServer.get().endpoint());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "software.amazon.awssdk.http.apache.ApacheHttpClient",
        "software.amazon.awssdk.http.apache5.Apache5HttpClient",
        "software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient"
    })
    void heavyHttpClientsAreNotOnTheClasspath(String className) {
        assertThatThrownBy(() -> Class.forName(className)).isInstanceOf(ClassNotFoundException.class);
    }
}
