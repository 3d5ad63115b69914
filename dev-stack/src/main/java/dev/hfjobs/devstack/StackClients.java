package dev.hfjobs.devstack;

import java.net.URI;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
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
 * The AWS clients dev-stack creates resources with. {@link #forEndpoint} points them all at one local
 * endpoint such as moto_server; callers with clients of their own may pass them to the constructor.
 * Every client must use the same region, which is the one ARNs are built with.
 */
public record StackClients(DynamoDbClient dynamoDb, SqsClient sqs, EventBridgeClient eventBridge,
        SecretsManagerClient secretsManager, CloudWatchLogsClient logs, SfnClient stepFunctions)
        implements AutoCloseable {

    /** moto's default region, and the one env.json's functions run in. */
    public static final Region REGION = Region.US_EAST_1;

    public StackClients {
        Objects.requireNonNull(dynamoDb, "dynamoDb");
        Objects.requireNonNull(sqs, "sqs");
        Objects.requireNonNull(eventBridge, "eventBridge");
        Objects.requireNonNull(secretsManager, "secretsManager");
        Objects.requireNonNull(logs, "logs");
        Objects.requireNonNull(stepFunctions, "stepFunctions");
    }

    /** Clients for every service at {@code endpoint}, region us-east-1, moto's test credentials. */
    public static StackClients forEndpoint(URI endpoint) {
        SdkHttpClient http = UrlConnectionHttpClient.create();
        StaticCredentialsProvider credentials =
                StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
        return new StackClients(
                DynamoDbClient.builder().endpointOverride(endpoint).region(REGION).credentialsProvider(credentials)
                        .httpClient(http).build(),
                SqsClient.builder().endpointOverride(endpoint).region(REGION).credentialsProvider(credentials)
                        .httpClient(http).build(),
                EventBridgeClient.builder().endpointOverride(endpoint).region(REGION).credentialsProvider(credentials)
                        .httpClient(http).build(),
                SecretsManagerClient.builder().endpointOverride(endpoint).region(REGION)
                        .credentialsProvider(credentials).httpClient(http).build(),
                CloudWatchLogsClient.builder().endpointOverride(endpoint).region(REGION)
                        .credentialsProvider(credentials).httpClient(http).build(),
                SfnClient.builder().endpointOverride(endpoint).region(REGION).credentialsProvider(credentials)
                        .httpClient(http).build());
    }

    /** The region ARNs are built with: the SQS client's. */
    Region region() {
        return sqs.serviceClientConfiguration().region();
    }

    @Override
    public void close() {
        dynamoDb.close();
        sqs.close();
        eventBridge.close();
        secretsManager.close();
        logs.close();
        stepFunctions.close();
    }
}
