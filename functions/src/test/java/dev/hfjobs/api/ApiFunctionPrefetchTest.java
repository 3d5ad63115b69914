package dev.hfjobs.api;

import static dev.hfjobs.api.ApiEvents.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hfjobs.aws.AwsClients;
import dev.hfjobs.testing.RequestCounter;
import dev.hfjobs.wiring.Wiring;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

/** A plain cold start: what the first request needs is fetched while its event is on the way. */
class ApiFunctionPrefetchTest extends ApiHarness {
    private static final String SUBMIT = "{\"image\": \"python:3.12\", \"command\": [\"echo\", \"hi\"], "
            + "\"flavor\": \"cpu-basic\"}";

    private final RequestCounter counter = new RequestCounter();

    private ApiFunction countedFunction(AwsClients aws) {
        return new ApiFunction(() -> Wiring.fromEnvironment(stack.env, aws));
    }

    @Test
    void onDemandTheFirstRequestFindsTheTokenAndTheCatalogAlreadyRead() throws Exception {
        AwsClients aws = stack.moto.clients(counter);
        function = countedFunction(aws);

        List<Thread> threads = function.prefetch(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"), aws);
        for (Thread thread : threads) {
            assertThat(thread.join(Duration.ofSeconds(20))).isTrue();
        }
        int tokenReads = counter.count(GetSecretValueRequest.class);
        int storeReads = counter.count(GetItemRequest.class);
        long hubReads = hub.requests().stream().filter(r -> r.method().equals("GET")).count();
        assertThat(tokenReads).as("token read ahead").isEqualTo(1);
        assertThat(storeReads).as("stored catalog looked up ahead").isEqualTo(1);

        var answer = invoke(post("/jobs", SUBMIT, new HashMap<>(JSON)));

        assertThat(status(answer)).isEqualTo(201);
        assertThat(counter.count(GetSecretValueRequest.class)).as("token reads").isEqualTo(tokenReads);
        assertThat(counter.count(GetItemRequest.class)).as("catalog reads").isEqualTo(storeReads);
        assertThat(hub.requests().stream().filter(r -> r.method().equals("GET")).count()).as("Hub reads")
                .isEqualTo(hubReads);
    }

    @Test
    void underSnapStartNothingIsReadBeforeTheFirstRequest() {
        AwsClients aws = stack.moto.clients(counter);
        function = countedFunction(aws);

        assertThat(function.prefetch(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start"), aws)).isEmpty();

        assertThat(counter.count(GetSecretValueRequest.class) + counter.count(GetItemRequest.class)).isZero();
        assertThat(status(invoke(post("/jobs", SUBMIT, new HashMap<>(JSON))))).isEqualTo(201);
        assertThat(counter.count(GetSecretValueRequest.class)).isEqualTo(1);
    }
}
