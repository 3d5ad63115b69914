package dev.hfjobs.devstack;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@code moto_server} process on 127.0.0.1: {@code $MOTO_SERVER} when set, else {@code moto_server}
 * on the PATH. {@link #start} returns once {@code /moto-api/} answers; {@link #close} stops the process
 * and its children (a pyenv shim runs the real server as a child of the one started). Its request
 * recorder ({@link MotoRecorder}) writes next to the log file, {@code <log name>-recording.jsonl}, rather
 * than into the working directory.
 *
 * <pre>{@code
 * try (MotoProcess moto = MotoProcess.start(0, Path.of("target/moto-server.log"))) {
 *     StackClients aws = StackClients.forEndpoint(moto.endpoint());
 * }
 * }</pre>
 */
public final class MotoProcess implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(30);
    private static final int ATTEMPTS_ON_FREE_PORTS = 3;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final Process process;
    private final int port;

    private MotoProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts moto_server and waits until it answers (usually 1 to 3 s), its output appended to {@code logFile}.
     *
     * @param port the port to listen on, or 0 for a free one (tried again on another port when a
     *     concurrent process takes it first)
     * @throws DevStackException when the port is in use, moto_server is not installed, or it does not answer
     *     within 30 s
     */
    public static MotoProcess start(int port, Path logFile) {
        String executable = executable();
        if (port != 0) {
            if (!Ports.isFree(port)) {
                throw new DevStackException("port " + port + " on 127.0.0.1 is already in use, so moto_server "
                        + "cannot listen there (another local-up, or an old moto_server?)");
            }
            return launch(executable, port, logFile)
                    .orElseThrow(() -> new DevStackException("moto_server did not start on port " + port + "; see "
                            + logFile));
        }
        for (int attempt = 0; attempt < ATTEMPTS_ON_FREE_PORTS; attempt++) {
            Optional<MotoProcess> started = launch(executable, Ports.free(), logFile);
            if (started.isPresent()) {
                return started.get();
            }
        }
        throw new DevStackException("moto_server did not start (" + executable + "); see " + logFile);
    }

    /** Where it listens, e.g. {@code http://127.0.0.1:5000}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /**
     * Makes it run Step Functions state machines; see {@link MotoApi#enableStepFunctions}. Before creating
     * any state machine.
     */
    public void enableStepFunctions() {
        MotoApi.enableStepFunctions(endpoint());
    }

    /** Forgets every resource it holds ({@code POST /moto-api/reset}). */
    public void reset() {
        HttpRequest request = HttpRequest.newBuilder(endpoint().resolve("/moto-api/reset"))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build();
        try {
            int status = HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status >= 300) {
                throw new DevStackException("moto_server answered " + status + " to a reset");
            }
        } catch (IOException e) {
            throw new DevStackException("moto_server did not take the reset: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevStackException("interrupted while resetting moto_server", e);
        }
    }

    /** Stops moto_server and its children; waits up to 5 s before killing them. Safe to call twice. */
    @Override
    public void close() {
        stop(process);
    }

    private static Optional<MotoProcess> launch(String executable, int port, Path logFile) {
        Process process;
        try {
            Path parent = logFile.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            ProcessBuilder builder = new ProcessBuilder(executable, "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().put("MOTO_RECORDER_FILEPATH", recordingFile(logFile).toString());
            process = builder.start();
        } catch (IOException e) {
            throw new DevStackException("cannot run " + executable + ": " + e.getMessage(), e);
        }
        MotoProcess moto = new MotoProcess(process, port);
        // Alive after answering: a server that lost the port race dies, and another one may be answering there.
        if (moto.awaitAnswer() && process.isAlive()) {
            return Optional.of(moto);
        }
        stop(process);
        return Optional.empty();
    }

    /** {@code target/moto-server.log} records to {@code target/moto-server-recording.jsonl}. */
    static Path recordingFile(Path logFile) {
        String name = logFile.getFileName().toString();
        String stem = name.endsWith(".log") ? name.substring(0, name.length() - 4) : name;
        return logFile.toAbsolutePath().resolveSibling(stem + "-recording.jsonl");
    }

    private boolean awaitAnswer() {
        HttpRequest ping = HttpRequest.newBuilder(endpoint().resolve("/moto-api/")).timeout(Duration.ofSeconds(2))
                .build();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (HTTP.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() < 500) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            pause();
        }
        return false;
    }

    private static void pause() {
        try {
            Thread.sleep(100); // polling a starting process: it needs a second or more to import moto
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Children first, listed while they are still ours: once the shim exits they belong to init. */
    private static void stop(Process process) {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                handle.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                handle.destroyForcibly();
            }
        }
    }

    /** {@code $MOTO_SERVER}, else {@code moto_server} on the PATH. */
    static String executable() {
        String configured = System.getenv("MOTO_SERVER");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "moto_server");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new DevStackException("moto_server not found: install it with pip install 'moto[server]' "
                + "(./scripts/test does), or set MOTO_SERVER");
    }
}
