package dev.hfjobs.testing;

import dev.hfjobs.aws.AwsClients;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * One {@code moto_server} per test JVM, started on first use on a free loopback port and stopped
 * when the JVM exits. Tests share it and stay independent by creating uniquely named resources
 * (secrets, buses, queues, tables) instead of resetting it.
 *
 * <p>The executable is {@code $MOTO_SERVER} when set, else {@code moto_server} on the PATH.
 */
public final class MotoServer {
    public static final Region REGION = Region.US_EAST_1;
    public static final String ACCOUNT = "123456789012";
    public static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    private static final Duration STARTUP = Duration.ofSeconds(30);
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static volatile MotoServer instance;

    private final Process process;
    private final URI endpoint;
    private final EventRecorder recorder = new EventRecorder();
    private final AwsClients clients;

    private MotoServer(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
        this.clients = clients();
    }

    /** The shared server, started on the first call. */
    public static MotoServer get() {
        MotoServer current = instance;
        if (current == null) {
            synchronized (MotoServer.class) {
                if (instance == null) {
                    instance = start();
                }
                current = instance;
            }
        }
        return current;
    }

    /** Where the server listens, e.g. {@code http://127.0.0.1:45678}. */
    public URI endpoint() {
        return endpoint;
    }

    /** Shared clients for the server. */
    public AwsClients aws() {
        return clients;
    }

    /**
     * New clients for the server, with interceptors (e.g. {@link RequestCounter}) and the
     * {@link EventRecorder} that fills every {@link EventCapture}.
     */
    public AwsClients clients(ExecutionInterceptor... interceptors) {
        return clientsVia(endpoint, interceptors);
    }

    /**
     * Clients that reach this server through {@code via} (e.g. a {@link SlowProxy}), with the
     * {@link EventRecorder} and the given interceptors.
     */
    public AwsClients clientsVia(URI via, ExecutionInterceptor... interceptors) {
        ExecutionInterceptor[] all = new ExecutionInterceptor[interceptors.length + 1];
        all[0] = recorder;
        System.arraycopy(interceptors, 0, all, 1, interceptors.length);
        return AwsClients.forEndpoint(via, REGION, CREDENTIALS, all);
    }

    /** A name no other test uses: {@code prefix-N-random}. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + COUNTER.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates a secret with a string value; returns its name. */
    public String createSecret(String value) {
        String name = uniqueName("hf-token");
        clients.secretsManager().createSecret(b -> b.name(name).secretString(value));
        return name;
    }

    /** Creates a standard queue, or a FIFO one; returns its URL. */
    public String createQueue(boolean fifo) {
        String name = uniqueName("queue") + (fifo ? ".fifo" : "");
        Map<QueueAttributeName, String> attributes = fifo
                ? Map.of(QueueAttributeName.FIFO_QUEUE, "true")
                : Map.of();
        return clients.sqs().createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
    }

    /** Creates a jobs table with the store's schema; returns its name. */
    public String createJobsTable() {
        String name = uniqueName("jobs");
        // TEMPORARY until the template harness lands.
        clients.dynamoDb().createTable(b -> b.tableName(name)
                .billingMode(software.amazon.awssdk.services.dynamodb.model.BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        a -> a.attributeName("pk").attributeType("S"),
                        a -> a.attributeName("activePk").attributeType("S"),
                        a -> a.attributeName("jobId").attributeType("S"))
                .keySchema(k -> k.attributeName("pk").keyType("HASH"))
                .globalSecondaryIndexes(g -> g.indexName("active")
                        .keySchema(k -> k.attributeName("activePk").keyType("HASH"),
                                k -> k.attributeName("jobId").keyType("RANGE"))
                        .projection(p -> p.projectionType("ALL"))));
        clients.dynamoDb().updateTimeToLive(b -> b.tableName(name)
                .timeToLiveSpecification(t -> t.attributeName("expiresAt").enabled(true)));
        return name;
    }

    /**
     * Creates an event bus whose accepted events a test reads back from the returned capture
     * (recorded on the way out: see {@link EventCapture}).
     */
    public EventCapture createEventBus() {
        String bus = uniqueName("bus");
        clients.eventBridge().createEventBus(b -> b.name(bus));
        return recorder.capture(bus);
    }

    /**
     * Adds a rule to {@code bus} that sends every {@code hf.jobs} event to a new queue, as a
     * consumer would; returns the queue's URL. Each event then costs moto ~110 ms: only for tests
     * of the routing itself, with a handful of events.
     */
    public String routeToQueue(String bus) {
        String queueUrl = createQueue(false);
        String queueArn = clients.sqs()
                .getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String rule = uniqueName("all-hf-jobs");
        clients.eventBridge().putRule(b -> b.name(rule).eventBusName(bus).eventPattern("{\"source\":[\"hf.jobs\"]}"));
        clients.eventBridge().putTargets(b -> b.rule(rule).eventBusName(bus).targets(t -> t.id("queue").arn(queueArn)));
        return queueUrl;
    }

    /** Forgets every resource in the server ({@code POST /moto-api/reset}). Tests rarely need it. */
    public void reset() {
        post(endpoint.resolve("/moto-api/reset"));
    }

    private static MotoServer start() {
        String executable = executable();
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            try {
                Process process = launch(executable, port);
                URI endpoint = URI.create("http://127.0.0.1:" + port);
                if (awaitReady(process, endpoint)) {
                    MotoServer server = new MotoServer(process, endpoint);
                    Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "moto-server-stop"));
                    return server;
                }
                destroy(process); // most likely the port was taken meanwhile: try another one
            } catch (IOException e) {
                last = e;
            }
        }
        throw new IllegalStateException("moto_server (" + executable + ") did not start; see target/moto-server.log", last);
    }

    private static String executable() {
        Optional<String> configured = Optional.ofNullable(System.getenv("MOTO_SERVER")).filter(s -> !s.isBlank());
        Optional<String> found = configured.or(MotoServer::onPath);
        return found.orElseThrow(() -> new IllegalStateException(
                "moto_server not found: run ./scripts/test or pip install 'moto[server]'"));
    }

    private static Optional<String> onPath() {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "moto_server");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }

    private static Process launch(String executable, int port) throws IOException {
        Path log = Path.of("target", "moto-server.log");
        Files.createDirectories(log.getParent());
        return new ProcessBuilder(executable, "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    private static boolean awaitReady(Process process, URI endpoint) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ping = HttpRequest.newBuilder(endpoint.resolve("/moto-api/")).timeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            try {
                if (http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() < 500) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            pause(Duration.ofMillis(100));
        }
        return false;
    }

    private static void post(URI uri) {
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException("POST " + uri + " answered " + response.statusCode());
            }
        } catch (IOException e) {
            throw new IllegalStateException("POST " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stop() {
        destroy(process);
    }

    /** Stops the process and what it started (a pyenv shim runs the real server as a child). */
    private static void destroy(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
