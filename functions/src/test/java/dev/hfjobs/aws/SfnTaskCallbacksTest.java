package dev.hfjobs.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.hfjobs.Deadline;
import dev.hfjobs.Log;
import dev.hfjobs.Metrics;
import dev.hfjobs.ports.TaskCallbacks.Result;
import dev.hfjobs.testing.Emitted;
import dev.hfjobs.testing.MotoServer;
import dev.hfjobs.testing.StepFunctions;
import dev.hfjobs.testing.TestStack;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The callbacks on Step Functions: against a real execution on moto (delivered, then refused once
 * the task is over), and against an HTTP server answering what moto cannot (throttling, 5xx).
 */
class SfnTaskCallbacksTest {
    static final Duration SOON = Duration.ofSeconds(10);

    TestStack stack;
    final List<String> logged = Collections.synchronizedList(new ArrayList<>());
    Consumer<String> previous;

    @BeforeEach
    void setUp() {
        stack = TestStack.create();
        previous = Log.redirect(logged::add);
    }

    @AfterEach
    void tearDown() {
        Log.redirect(previous);
        stack.close();
    }

    static Deadline soon() {
        return Deadline.after(SOON);
    }

    @Test
    void callbacksReachARealExecutionAndAreRefusedOnceItsTaskIsOver() {
        StepFunctions sfn = StepFunctions.on(stack.moto.endpoint());
        String queue = sfn.submitQueueOf(stack);
        SfnTaskCallbacks callbacks = new SfnTaskCallbacks(stack.moto.aws()::stepFunctions);
        String asl = """
                {"StartAt": "Job", "States": {"Job": {"Type": "Task",
                  "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                  "Parameters": {"QueueUrl": "%s", "MessageBody": {"image": "python:3.12", "taskToken.$": "$$.Task.Token"}},
                  "HeartbeatSeconds": 60, "TimeoutSeconds": 600, "End": true}}}""".formatted(queue);
        try (StepFunctions.Run run = sfn.start(asl, "{}")) {
            String token = run.nextTaskRequest(queue, SOON).taskToken();

            assertThat(callbacks.heartbeat(token, soon())).isInstanceOf(Result.Delivered.class);
            assertThat(callbacks.succeed(token, "{\"jobId\": \"j1\"}", soon())).isInstanceOf(Result.Delivered.class);
            assertThat(run.await(SOON)).isInstanceOf(StepFunctions.Outcome.Succeeded.class);

            assertThat(callbacks.succeed(token, "{}", soon())).isInstanceOf(Result.Refused.class);
            assertThat(callbacks.heartbeat(token, soon())).isInstanceOf(Result.Refused.class);
            assertThat(callbacks.fail("not-a-token-moto-knows", "HFJob.ERROR", "{}", soon()))
                    .isInstanceOf(Result.Refused.class);
            assertThat(logged).anyMatch(line -> line.contains("InvalidToken")).noneMatch(line -> line.contains(token));
        }
    }

    @Test
    void throttlingAndServerErrorsAreRetriedLaterAndTimedOutTasksEnd() throws IOException {
        assertThat(answering(400, "ThrottlingException").heartbeat("t", soon())).isInstanceOf(Result.Retry.class);
        assertThat(answering(500, "InternalServerError").succeed("t", "{}", soon())).isInstanceOf(Result.Retry.class);
        assertThat(answering(503, "ServiceUnavailable").fail("t", "e", "c", soon())).isInstanceOf(Result.Retry.class);
        assertThat(answering(400, "TaskTimedOut").heartbeat("t", soon())).isInstanceOf(Result.Ended.class);
        assertThat(answering(400, "TaskDoesNotExist").succeed("t", "{}", soon())).isInstanceOf(Result.Ended.class);
        assertThat(answering(400, "InvalidOutput").succeed("t", "{}", soon())).isInstanceOf(Result.Ended.class);
    }

    @Test
    void everyCallbackIsCountedByCallAndOutcome() throws IOException {
        try (Metrics.Batch batch = Metrics.begin()) {
            answering(200, "none").heartbeat("t", soon());
            answering(400, "ThrottlingException").heartbeat("t", soon());
            answering(400, "TaskTimedOut").succeed("t", "{}", soon());
            answering(503, "ServiceUnavailable").fail("t", "e", "c", soon());
            answering(503, "ServiceUnavailable").fail("t", "e", "c", soon());
        }

        Emitted emitted = Emitted.from(logged);
        assertThat(emitted.sum("TaskCallbacks", Map.of("Call", "heartbeat", "Outcome", "delivered"))).isEqualTo(1);
        assertThat(emitted.sum("TaskCallbacks", Map.of("Call", "heartbeat", "Outcome", "retry"))).isEqualTo(1);
        assertThat(emitted.sum("TaskCallbacks", Map.of("Call", "success", "Outcome", "ended"))).isEqualTo(1);
        assertThat(emitted.sum("TaskCallbacks", Map.of("Call", "failure", "Outcome", "retry"))).isEqualTo(2);
        assertThat(emitted.metrics().documents()).hasSize(4);
    }

    @Test
    void unreachableStepFunctionsIsRetriedLater() {
        SfnTaskCallbacks callbacks = new SfnTaskCallbacks(stack.moto.clientsVia(URI.create("http://127.0.0.1:9"))
                ::stepFunctions);

        assertThat(callbacks.fail("t", "HFJob.SubmissionFailed", "{}", Deadline.after(Duration.ofSeconds(3))))
                .isInstanceOf(Result.Retry.class);
    }

    @Test
    void causeAndErrorAreCutToWhatStepFunctionsTakes() {
        assertThat(SfnTaskCallbacks.cut("x".repeat(40_000), SfnTaskCallbacks.MAX_CAUSE)).hasSize(32_768);
        assertThat(SfnTaskCallbacks.cut("short", SfnTaskCallbacks.MAX_CAUSE)).isEqualTo("short");
    }

    /** Callbacks against a server that answers every call with this status and AWS JSON error type. */
    SfnTaskCallbacks answering(int status, String type) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = ("{\"__type\": \"" + type + "\", \"message\": \"scripted\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        servers.add(server);
        URI via = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        return new SfnTaskCallbacks(MotoServer.get().clientsVia(via)::stepFunctions);
    }

    final List<HttpServer> servers = new ArrayList<>();

    @AfterEach
    void stopServers() {
        servers.forEach(s -> s.stop(0));
    }
}
