package dev.hfjobs.aws;

import dev.hfjobs.Deadline;
import dev.hfjobs.model.Wire;
import dev.hfjobs.ports.EventPublisher.HfEvent;
import dev.hfjobs.store.Document;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * SnapStart priming for the AWS side, with nothing sent: throwaway clients of the four services,
 * built like the real ones but over an HTTP client that answers every request in memory with
 * {@code {}}, run the operations the functions use through the project's own adapters. That loads
 * and compiles what a first real call needs (request building, SigV4 signing, the answers' reading,
 * the adapters' item mapping; the SDK's pipeline for SQS) before the snapshot. The credentials are dummy
 * static ones, so no real credential is resolved, cached or signed with before the checkpoint.
 */
public final class OfflineWarmUp {
    private static final StaticCredentialsProvider DUMMY =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("PRIMINGPRIMINGPRIMING", "priming"));
    // What a stand-in answers to the operations whose answers the functions read (answerTo).
    private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.UTF_8);
    private static final Map<String, byte[]> ANSWERS = Map.of(
            "secretsmanager.GetSecretValue", bytes("""
                    {"ARN": "arn:aws:secretsmanager:us-east-1:000000000000:secret:priming-000000",
                     "Name": "priming", "SecretString": "priming", "VersionId": "priming"}"""),
            "DynamoDB_20120810.BatchWriteItem", bytes("{\"UnprocessedItems\": {}}"),
            "AWSEvents.PutEvents", bytes("{\"FailedEntryCount\": 0, \"Entries\": [{\"EventId\": \"priming\"}]}"));

    private OfflineWarmUp() {}

    /**
     * Runs every operation once offline; a step that fails only leaves its part cold.
     *
     * @return the names of the steps that ended early
     */
    public static List<String> run() {
        List<String> failed = new ArrayList<>();
        AwsClients offline = AwsClients.offline(AwsClients.regionFrom(System.getenv()), new InMemoryAnswers(), DUMMY);
        Deadline deadline = Deadline.after(Duration.ofSeconds(5));
        DynamoDbJobRecords jobs = new DynamoDbJobRecords(offline.dynamoDb(), "priming");
        step(failed, "DynamoDB GetItem", () -> jobs.find("priming", deadline));
        step(failed, "DynamoDB Query", () -> jobs.active(Optional.empty(), 1, deadline));
        step(failed, "DynamoDB PutItem", () -> new DynamoDbDocuments(offline.dynamoDb(), "priming")
                .put(new Document("priming", "{}", Instant.EPOCH), deadline));
        step(failed, "DynamoDB UpdateItem", () -> new DynamoDbClaims(offline.dynamoDb(), "priming")
                .extendLease("priming", "priming", Instant.EPOCH, deadline));
        step(failed, "Secrets Manager GetSecretValue", () -> offline.secretsManager().getSecretValue(b -> b
                .secretId("priming").overrideConfiguration(AwsCalls.limits(deadline).orElseThrow())));
        step(failed, "EventBridge PutEvents", () -> new EventBridgePublisher(offline.eventBridge(), "priming")
                .publish(List.of(new HfEvent("HF Job Submitted", "priming", Wire.object())),
                        deadline));
        step(failed, "SQS SendMessage", () -> new SqsDeadLetterQueue(offline.sqs(),
                "https://sqs." + offline.region().id() + ".amazonaws.com/000000000000/priming")
                .send("{}", Map.of(), deadline));
        offline.closeAll();
        return failed;
    }

    private static void step(List<String> failed, String name, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            failed.add(name);
            // An answer of {} does not satisfy every operation's checks (e.g. SQS's MD5 of the
            // body): the request and response paths have run by then, which is the point.
        }
    }

    /**
     * Throwaway AWS clients for a rehearsal of a handler's path before the snapshot: every service at
     * {@code standIn} (a server on the loopback interface that answers with {@link #answerTo}), over
     * the same HTTP exchange as production, with dummy credentials. The token secret they read is the
     * word {@code priming}.
     */
    public static AwsClients rehearsalClients(URI standIn) {
        return AwsClients.forEndpoint(standIn, AwsClients.regionFrom(System.getenv()), DUMMY);
    }

    /**
     * The answer to an AWS JSON operation ({@code X-Amz-Target}) that a stand-in gives: what a
     * success looks like where the functions read the answer (a secret's value, no unprocessed
     * item, no failed event), else {@code {}}.
     */
    public static byte[] answerTo(String target) {
        return ANSWERS.getOrDefault(target, EMPTY_OBJECT).clone();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** An SDK HTTP client that reads each request and answers 200 ({@link #answerTo}) without a socket. */
    static final class InMemoryAnswers implements SdkHttpClient {
        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() throws IOException {
                    if (request.contentStreamProvider().isPresent()) {
                        try (InputStream body = request.contentStreamProvider().get().newStream()) {
                            body.transferTo(OutputStream.nullOutputStream());
                        }
                    }
                    return HttpExecuteResponse.builder()
                            .response(SdkHttpResponse.builder().statusCode(200)
                                    .putHeader("Content-Type", "application/x-amz-json-1.0")
                                    .putHeader("x-amzn-RequestId", "priming").build())
                            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(
                                    answerTo(request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("")))))
                            .build();
                }

                @Override
                public void abort() {
                    // Nothing in flight.
                }
            };
        }

        @Override
        public void close() {
            // No resources.
        }
    }
}
