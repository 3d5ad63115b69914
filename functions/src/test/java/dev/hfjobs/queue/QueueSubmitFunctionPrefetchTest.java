package dev.hfjobs.queue;

import static dev.hfjobs.queue.QueueSubmitFunctionTest.GOOD;
import static dev.hfjobs.queue.QueueSubmitFunctionTest.batch;
import static dev.hfjobs.queue.QueueSubmitFunctionTest.failures;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hfjobs.aws.AwsClients;
import dev.hfjobs.emulator.HfJobsEmulator;
import dev.hfjobs.testing.RequestCounter;
import dev.hfjobs.testing.TestStack;
import dev.hfjobs.wiring.Wiring;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

/** A plain cold start: what the first batch needs is fetched while it is on the way. */
class QueueSubmitFunctionPrefetchTest {
    private final RequestCounter counter = new RequestCounter();
    private TestStack stack;
    private HfJobsEmulator hub;

    @BeforeEach
    void setUp() {
        stack = TestStack.create();
        hub = TestStack.hub();
    }

    @AfterEach
    void noLeak() {
        stack.assertNoSecretLeaked();
        stack.close();
    }

    @Test
    void onDemandTheFirstBatchFindsTheTokenAndTheCatalogAlreadyRead() throws Exception {
        AwsClients aws = stack.moto.clients(counter);
        QueueSubmitFunction function = new QueueSubmitFunction(() -> Wiring.fromEnvironment(stack.env, aws));

        List<Thread> threads = function.prefetch(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"), aws);
        for (Thread thread : threads) {
            assertThat(thread.join(Duration.ofSeconds(20))).isTrue();
        }
        assertThat(counter.count(GetSecretValueRequest.class)).as("token read ahead").isEqualTo(1);
        assertThat(counter.count(GetItemRequest.class)).as("stored catalog looked up ahead").isEqualTo(1);
        long hubReads = hub.requests().stream().filter(r -> r.method().equals("GET")).count();

        assertThat(failures(function, stack, batch("m-1", GOOD, "m-2", GOOD))).isEmpty();

        assertThat(hub.createdJobCount()).isEqualTo(2);
        assertThat(counter.count(GetSecretValueRequest.class)).as("token reads").isEqualTo(1);
        assertThat(counter.count(GetItemRequest.class)).as("catalog reads").isEqualTo(1);
        assertThat(hub.requests().stream().filter(r -> r.method().equals("GET")).count()).as("Hub reads")
                .isEqualTo(hubReads);
    }

    @Test
    void underSnapStartNothingIsReadBeforeTheFirstBatch() {
        AwsClients aws = stack.moto.clients(counter);
        QueueSubmitFunction function = new QueueSubmitFunction(() -> Wiring.fromEnvironment(stack.env, aws));

        assertThat(function.prefetch(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start"), aws)).isEmpty();

        assertThat(counter.count(GetSecretValueRequest.class) + counter.count(GetItemRequest.class)).isZero();
        assertThat(failures(function, stack, batch("m-1", GOOD))).isEmpty();
        assertThat(counter.count(GetSecretValueRequest.class)).isEqualTo(1);
    }
}
