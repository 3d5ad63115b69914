package dev.hfjobs.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The calls of moto_server's own API ({@code /moto-api/}) that go beyond creating resources: running
 * Step Functions state machines ({@link #enableStepFunctions}) and the request recorder
 * ({@link MotoRecorder}).
 */
public final class MotoApi {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration CALL = Duration.ofSeconds(10);

    private MotoApi() {
    }

    /**
     * Makes moto run Step Functions state machines: {@code POST /moto-api/config} with
     * {@code {"stepfunctions": {"execute_state_machine": true}}}. Executions then follow their definition
     * (Task, Parallel, Catch, {@code sqs:sendMessage.waitForTaskToken}, HeartbeatSeconds, TimeoutSeconds) and
     * {@code SendTaskSuccess}/{@code SendTaskFailure}/{@code SendTaskHeartbeat} reach them; without it moto only
     * stores state machines and answers every {@code SendTask*} call with success, doing nothing.
     *
     * <p>Call it before creating state machines: moto keeps those created before in another store, which it no
     * longer reads once this is on ({@code DescribeStateMachine} answers {@code StateMachineDoesNotExist}). It
     * holds for the server's life, {@code /moto-api/reset} included; calling it again does no harm.
     *
     * @throws DevStackException when moto_server does not take it
     */
    public static void enableStepFunctions(URI endpoint) {
        post(endpoint, "/moto-api/config", "{\"stepfunctions\": {\"execute_state_machine\": true}}");
    }

    /** @return the answer's body; @throws DevStackException on a status of 300 or more, or no answer */
    static String post(URI endpoint, String path, String body) {
        return send(HttpRequest.newBuilder(endpoint.resolve(path)).timeout(CALL)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    static String get(URI endpoint, String path) {
        return send(HttpRequest.newBuilder(endpoint.resolve(path)).timeout(CALL).GET().build());
    }

    private static String send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new DevStackException("moto_server answered " + response.statusCode() + " to "
                        + request.method() + " " + request.uri().getPath());
            }
            return response.body();
        } catch (IOException e) {
            throw new DevStackException("moto_server did not answer " + request.method() + " "
                    + request.uri().getPath() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevStackException("interrupted while calling moto_server", e);
        }
    }
}
