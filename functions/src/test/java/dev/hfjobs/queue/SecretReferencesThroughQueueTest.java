package dev.hfjobs.queue;

import static dev.hfjobs.queue.QueueSubmitFunctionTest.batch;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hfjobs.aws.AwsClients;
import dev.hfjobs.aws.AwsSecretValues;
import dev.hfjobs.emulator.HfJobsEmulator;
import dev.hfjobs.model.Wire;
import dev.hfjobs.ports.DeadLetterQueue;
import dev.hfjobs.secrets.JobSecrets;
import dev.hfjobs.secrets.SecretRules;
import dev.hfjobs.testing.MotoServer;
import dev.hfjobs.testing.TestStack;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Secret references on the submit queue: the message and its dead letter hold the reference only; a
 * reference that cannot be read is set aside with reason {@code secret-unavailable}; a secret store
 * that cannot be reached now makes the message come back, nothing sent.
 */
class SecretReferencesThroughQueueTest {
    final String suffix = UUID.randomUUID().toString().substring(0, 8);
    TestStack stack;
    HfJobsEmulator hub;

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

    static String job(String reference) {
        return "{\"image\": \"python:3.12\", \"command\": [\"ls\"], \"secrets\": {\"WANDB_API_KEY\": {\"valueFrom\": \""
                + reference + "\"}}}";
    }

    long posts() {
        return hub.requests().stream().filter(r -> r.method().equals("POST")).count();
    }

    @Test
    void messageWithAReferenceRunsWithTheValue() {
        MotoServer.get().aws().secretsManager().createSecret(b -> b.name("hf-jobs/q-" + suffix)
                .secretString(TestStack.JOB_SECRET_VALUES.getFirst()));
        QueueSubmitFunction function = new QueueSubmitFunction(stack::wiring);

        assertThat(QueueSubmitFunctionTest.failures(function, stack, batch("m1", job("hf-jobs/q-" + suffix))))
                .isEmpty();
        assertThat(Wire.parse(hub.requests().getLast().body()).at("/secrets/WANDB_API_KEY").asText())
                .isEqualTo(TestStack.JOB_SECRET_VALUES.getFirst());
    }

    @Test
    void unreadableReferenceIsSetAsideWithItsReasonAndOnlyTheReference() {
        QueueSubmitFunction function = new QueueSubmitFunction(stack::wiring);

        assertThat(QueueSubmitFunctionTest.failures(function, stack, batch("m1", job("hf-jobs/none-" + suffix))))
                .isEmpty();

        assertThat(stack.deadLetters()).singleElement().satisfies(m -> {
            assertThat(TestStack.attribute(m, DeadLetterQueue.REASON)).isEqualTo("secret-unavailable");
            assertThat(m.body()).isEqualTo(job("hf-jobs/none-" + suffix));
        });
        assertThat(stack.events(1, Duration.ofSeconds(5))).singleElement().satisfies(e -> {
            assertThat(e.at("/detail/reason").asText()).isEqualTo("secret-unavailable");
            assertThat(e.at("/detail/problems/0/rule").asText()).isEqualTo("reference hf-jobs/none-" + suffix
                    + " was not found");
        });
        assertThat(posts()).isZero();
    }

    @Test
    void secretStoreOutOfReachIsRetriedAndNothingIsSent() {
        // A port nobody listens on: every read fails to connect, as when Secrets Manager is unreachable.
        AwsClients unreachable = AwsClients.forEndpoint(URI.create("http://127.0.0.1:9"), MotoServer.REGION,
                MotoServer.CREDENTIALS);
        SecretRules rules = SecretRules.fromEnvironment(stack.env, MotoServer.REGION.id());
        JobSecrets secrets = new JobSecrets(rules, AwsSecretValues.of(unreachable, rules, Clock.systemUTC()));
        QueueSubmitFunction function = new QueueSubmitFunction(() -> stack.wiring().withSecrets(secrets));

        assertThat(QueueSubmitFunctionTest.failures(function, stack, batch("m1", job("hf-jobs/x-" + suffix))))
                .containsExactly("m1");
        assertThat(stack.deadLetters()).isEmpty();
        assertThat(posts()).isZero();
    }
}
