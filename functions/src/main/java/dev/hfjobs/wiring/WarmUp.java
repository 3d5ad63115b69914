package dev.hfjobs.wiring;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hfjobs.Deadline;
import dev.hfjobs.aws.OfflineWarmUp;
import dev.hfjobs.hub.HfJobsClient;
import dev.hfjobs.hub.JobFilter;
import dev.hfjobs.hub.RetryPolicy;
import dev.hfjobs.hub.TokenProvider;
import dev.hfjobs.model.Hardware;
import dev.hfjobs.model.JobDurations;
import dev.hfjobs.model.JobInfo;
import dev.hfjobs.model.JobRequests;
import dev.hfjobs.model.JobSpec;
import dev.hfjobs.model.JobStage;
import dev.hfjobs.model.ScheduledJobInfo;
import dev.hfjobs.model.Wire;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * What every handler's priming warms, offline: Jackson over the model types the functions read and
 * write, the Hub client against a loopback stand-in, and the AWS SDK clients over in-memory
 * answers. Nothing here leaves the machine or reads a token.
 */
public final class WarmUp {
    static final String JOB = """
            {"id": "000000000000000000000000", "createdAt": "2025-07-22T16:06:25.079Z",
             "startedAt": "2025-07-22T16:06:31.079Z", "finishedAt": null, "dockerImage": "python:3.12",
             "spaceId": null, "command": ["python", "-c", "print(1)"], "arguments": [], "environment": {},
             "secrets": {}, "flavor": "cpu-basic", "labels": {"team": "ml"},
             "volumes": [{"type": "dataset", "source": "org/data", "mountPath": "/data"}],
             "status": {"stage": "RUNNING", "message": null},
             "durations": {"schedulingSecs": 6, "runningSecs": 2, "totalSecs": 8},
             "owner": {"id": "0", "name": "warm-up", "type": "user"},
             "initiator": {"type": "user", "id": "0", "name": "warm-up"}}""";
    static final String HARDWARE = """
            [{"name": "cpu-basic", "prettyName": "CPU Basic", "cpu": "2 vCPU", "ram": "16 GB",
              "accelerator": null, "unitCostMicroUSD": 167, "unitCostUSD": 0.000167, "unitLabel": "minute"}]""";
    static final String SCHEDULED = """
            {"id": "000000000000000000000000", "createdAt": "2025-07-22T16:06:25.079Z", "schedule": "@daily",
             "suspend": false, "concurrency": false,
             "jobSpec": {"dockerImage": "python:3.12", "command": ["python"], "arguments": [], "environment": {},
                         "flavor": "cpu-basic", "timeoutSeconds": 600, "labels": {}, "secrets": {}},
             "status": {"lastJob": {"id": "000000000000000000000000", "at": "2025-07-22T16:06:25.079Z"},
                        "nextJobRunAt": "2025-07-23T00:00:00.000Z"},
             "owner": {"id": "0", "name": "warm-up", "type": "user"}}""";
    /** A valid submit request: what the warm-up parses and a rehearsal ({@link Rehearsal}) submits. */
    static final String SUBMIT = """
            {"image": "python:3.12", "command": ["python", "-c", "print(1)"], "env": {"A": "1"},
             "flavor": "cpu-basic", "timeout": "10m", "labels": {"team": "ml"},
             "volumes": [{"type": "dataset", "source": "org/data", "mountPath": "/data"}]}""";

    private WarmUp() {}

    /**
     * Everything below: the model, the Hub client and the AWS clients, each on its own, so that
     * one that cannot run (a module missing from the runtime's JDK, say) leaves the others warm.
     *
     * @throws IllegalStateException naming the parts that failed, after running the rest
     */
    public static void all() {
        List<String> failed = new ArrayList<>();
        part("model", WarmUp::model, failed);
        part("mapper", WarmUp::mapper, failed);
        part("Hub client", WarmUp::hub, failed);
        part("AWS clients", OfflineWarmUp::run, failed);
        if (!failed.isEmpty()) {
            throw new IllegalStateException("warm-up parts failed: " + failed);
        }
    }

    private static void part(String name, Runnable warmUp, List<String> failed) {
        try {
            warmUp.run();
        } catch (RuntimeException | LinkageError e) {
            failed.add(name + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * The JSON of a submit: a request, a job spec, a Hub job and the hardware catalog, both ways,
     * through {@link Wire}'s streaming layer (no data-binding mapper).
     */
    public static void model() {
        Wire.write(JobRequests.parseSubmit(Wire.parse(SUBMIT), Set.of()).orThrow().spec());
        Wire.write(Wire.read(Wire.parse(JOB), JobInfo.class));
        Wire.write(Wire.read(Wire.parse(HARDWARE), Hardware[].class));
    }

    /**
     * Jackson's data-binding mapper, which the types no codec of {@link Wire} covers still go
     * through (scheduled jobs, durations in an event, reports): built and bound once before a
     * snapshot. A plain cold start does not need it to submit, so {@link #model} leaves it alone.
     */
    public static void mapper() {
        ScheduledJobInfo scheduled = Wire.read(Wire.parse(SCHEDULED), ScheduledJobInfo.class);
        Wire.write(scheduled);
        Wire.write(Wire.tree(scheduled.status()));
        Wire.write(Wire.tree(new JobDurations(6L, 2L, 8L)));
    }

    /**
     * The TLS context (the trust store), then the Hub client end to end (HttpURLConnection, headers,
     * paging, Jackson over the answers) against a throwaway server on the loopback interface that
     * answers like the Hub, with a dummy token: no request leaves the machine.
     */
    public static void hub() {
        try {
            SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no default TLS context", e);
        }
        HttpServer server = standIn();
        try {
            HfJobsClient client = HfJobsClient.builder().endpoint(endpoint(server))
                    .tokens(new DummyToken()).retry(RetryPolicy.NONE).build();
            Deadline deadline = Deadline.after(Duration.ofSeconds(5));
            JobSpec spec = JobRequests.parseSubmit(Wire.parse(SUBMIT), Set.of()).orThrow().spec();
            client.createJob("priming", spec, deadline).orThrow();
            client.inspectJob("priming", "000000000000000000000000", deadline).orThrow();
            client.listAllJobs("priming", new JobFilter(Set.of(JobStage.RUNNING), Map.of("k", "v")), deadline).orThrow();
            client.hardware(deadline).orThrow();
        } finally {
            server.stop(0);
        }
    }

    /**
     * A throwaway server on the loopback interface that answers like the Hub, and like AWS to a JSON
     * call ({@code X-Amz-Target}, see {@link OfflineWarmUp#answerTo}); stop it when done.
     */
    static HttpServer standIn() {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", WarmUp::answer);
        server.start();
        return server;
    }

    static URI endpoint(HttpServer standIn) {
        return URI.create("http://" + standIn.getAddress().getHostString() + ":" + standIn.getAddress().getPort());
    }

    private static void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (target != null) {
                // An AWS JSON call (a rehearsal's): closed after the answer, as a first call after a
                // restore finds its connection, so that the connecting path is rehearsed too.
                byte[] bytes = OfflineWarmUp.answerTo(target);
                exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
                exchange.getResponseHeaders().add("Connection", "close");
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String body = path.endsWith("/hardware") ? HARDWARE
                    : exchange.getRequestMethod().equals("GET") && path.equals("/api/jobs/priming") ? "[" + JOB + "]"
                    : JOB;
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    /** Never a real token: priming runs before the snapshot, which must not hold one. */
    private static final class DummyToken implements TokenProvider {
        @Override
        public String token(Deadline deadline) {
            return "priming";
        }

        @Override
        public void invalidate() {
            // Nothing cached.
        }
    }
}
