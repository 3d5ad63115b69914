package dev.hfjobs.localstack;

import dev.hfjobs.model.Wire;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Python Lambda a user would write instead ({@code local-stack/peer/handler.py}: boto3 and
 * huggingface_hub), run against the same moto_server and Hub as the functions: cold, one call in a
 * fresh process, timed from the process's start to its exit after the first 201; warm, sequential
 * calls in one process, timed around the handler.
 */
final class PythonPeer {
    private final String python;
    private final Path peerDir;
    private final Map<String, String> env;

    /** The peer's sequential warm calls, in milliseconds each. */
    record Warm(List<Double> millis) {}

    /**
     * @param python a Python with huggingface_hub and boto3
     * @param peerDir where {@code handler.py} and {@code bench_peer.py} are
     * @param functionEnv the API function's environment (the same table, bus, secret and endpoints)
     */
    PythonPeer(String python, Path peerDir, Map<String, String> functionEnv) {
        this.python = python;
        this.peerDir = peerDir;
        this.env = Map.of("AWS_ENDPOINT_URL", functionEnv.get("AWS_ENDPOINT_URL"),
                "AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing", "AWS_DEFAULT_REGION", "us-east-1",
                "HF_ENDPOINT", functionEnv.get("HF_ENDPOINT"),
                "HF_TOKEN_SECRET_ID", functionEnv.get("HF_TOKEN_SECRET_ID"),
                "HF_NAMESPACE", functionEnv.getOrDefault("HF_NAMESPACE", "alice"),
                "JOBS_TABLE_NAME", functionEnv.get("JOBS_TABLE_NAME"),
                "EVENT_BUS_NAME", functionEnv.get("EVENT_BUS_NAME"));
    }

    /** Milliseconds from a fresh process's start to its exit after the first 201. */
    double cold(String event) throws IOException, InterruptedException {
        long started = System.nanoTime();
        run(List.of("cold", eventFile(event).toString()));
        return (System.nanoTime() - started) / 1e6;
    }

    /** {@code calls} sequential calls after 5 warm-up calls, in one process. */
    Warm warm(String event, int calls) throws IOException, InterruptedException {
        String out = run(List.of("warm", eventFile(event).toString(), Integer.toString(calls)));
        List<Double> millis = new ArrayList<>();
        Wire.parse(out.lines().reduce((a, b) -> b).orElseThrow()).path("millis").forEach(m -> millis.add(m.asDouble()));
        if (millis.size() != calls) {
            throw new IllegalStateException("the Python peer timed " + millis.size() + " calls, not " + calls);
        }
        return new Warm(List.copyOf(millis));
    }

    private String run(List<String> args) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(python, peerDir.resolve("bench_peer.py").toString());
        builder.command().addAll(args);
        builder.directory(peerDir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.environment().put("HF_HUB_DISABLE_TELEMETRY", "1");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("the Python peer failed: " + LocalStory.abbreviate(out));
        }
        return out;
    }

    private static Path eventFile(String event) throws IOException {
        Path file = Files.createTempFile("peer-event", ".json");
        file.toFile().deleteOnExit();
        return Files.writeString(file, event);
    }
}
