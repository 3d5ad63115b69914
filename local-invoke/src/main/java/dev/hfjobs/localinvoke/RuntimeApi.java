package dev.hfjobs.localinvoke;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The Lambda Runtime API (version 2018-06-01) on a loopback port, for one sandbox: the runtime
 * long-polls {@code GET invocation/next}, answers with {@code POST invocation/{id}/response} or
 * {@code /error}, and reports a failed init with {@code POST init/error}. One invocation at a time,
 * like a Lambda execution environment.
 */
final class RuntimeApi implements AutoCloseable {
    static final String NO_DELAY = "sun.net.httpserver.nodelay";

    static {
        // The JDK's HTTP server keeps Nagle's algorithm on unless told otherwise; with the runtime
        // client's delayed ACKs, an event of more than one segment then waited 40 ms before it was
        // handed out (a batch of ten SQS records did), which Lambda's own Runtime API never adds.
        // Read once, when the JVM's first HTTP server starts: the scripts also pass it as a flag.
        if (System.getProperty(NO_DELAY) == null) {
            System.setProperty(NO_DELAY, "true");
        }
    }

    private static final String BASE = "/2018-06-01/runtime/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads;
    private final ScheduledExecutorService timers;
    private final BlockingQueue<Invocation> queue = new LinkedBlockingQueue<>();
    private final String functionArn;
    private final Object pollLock = new Object();
    private long polls;
    private volatile Invocation current;
    private volatile long firstPollNanos;

    private RuntimeApi(HttpServer server, String functionArn) {
        this.server = server;
        this.functionArn = functionArn;
        this.threads = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("runtime-api-", 0).factory());
        this.timers = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("runtime-timer").factory());
    }

    static RuntimeApi start(String functionArn) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            RuntimeApi api = new RuntimeApi(server, functionArn);
            server.createContext(BASE, api::handle);
            server.setExecutor(api.threads);
            server.start();
            return api;
        } catch (IOException e) {
            throw new LocalInvokeException("cannot open a loopback port for the Runtime API: " + e.getMessage(), e);
        }
    }

    /** {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
    String address() {
        return server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    /** When the runtime first asked for work (System.nanoTime), or 0 if it has not yet: the end of init. */
    long firstPollNanos() {
        return firstPollNanos;
    }

    /**
     * Queues an invocation for the runtime's next poll. It times out {@link Invocation#timeoutMs()}
     * after it is handed out, or {@code pickUpLimitMs} from now if the runtime never asks for it.
     */
    void submit(Invocation invocation, long pickUpLimitMs) {
        current = invocation;
        queue.add(invocation);
        timers.schedule(() -> {
            if (!invocation.handedOut()) {
                invocation.complete(Outcome.TIMEOUT, timedOut(invocation));
            }
        }, pickUpLimitMs, TimeUnit.MILLISECONDS);
    }

    /** The runtime process ended: whatever it was doing will never be answered. */
    void runtimeExited(int status) {
        Invocation invocation = current;
        if (invocation != null) {
            invocation.complete(Outcome.RUNTIME_EXIT, error(invocation, "Runtime.ExitError",
                    "Runtime exited with error: exit status " + status));
        }
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(BASE.length());
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.equals("invocation/next")) {
                next(exchange);
            } else if (method.equals("POST") && (path.equals("init/error") || path.equals("restore/error"))) {
                initError(exchange);
            } else if (method.equals("GET") && path.equals("restore/next")) {
                // SnapStart (initialization type snap-start): the runtime has run its beforeCheckpoint
                // hooks and waits for the restore; here the environment goes on at once, unsnapshotted.
                exchange.sendResponseHeaders(200, -1);
            } else if (method.equals("POST") && path.startsWith("invocation/") && path.endsWith("/response")) {
                answer(exchange, path.substring(11, path.length() - 9), Outcome.SUCCESS);
            } else if (method.equals("POST") && path.startsWith("invocation/") && path.endsWith("/error")) {
                answer(exchange, path.substring(11, path.length() - 6), Outcome.FUNCTION_ERROR);
            } else {
                reply(exchange, 404, Map.of("errorType", "NotFound", "errorMessage", "no such resource: " + path));
            }
        } catch (IOException e) {
            // The runtime hung up (it was killed): nothing to answer.
        }
    }

    /**
     * Waits until the runtime has asked for work more than {@code count} times, at most
     * {@code millis}. After an answer the runtime logs (an error report, say) and then polls again:
     * the next poll is the sign that all it had to say about the last invocation is written.
     */
    boolean awaitPollsAbove(long count, long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (pollLock) {
            while (polls <= count) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                try {
                    pollLock.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private long countPoll() {
        synchronized (pollLock) {
            polls++;
            pollLock.notifyAll();
            return polls;
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        if (firstPollNanos == 0) {
            firstPollNanos = System.nanoTime();
        }
        long poll = countPoll();
        Invocation invocation;
        try {
            invocation = nextLive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        long deadline = invocation.handOut(poll);
        timers.schedule(() -> invocation.complete(Outcome.TIMEOUT, timedOut(invocation)),
                invocation.timeoutMs(), TimeUnit.MILLISECONDS);
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(deadline));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", functionArn);
        headers.set("Lambda-Runtime-Trace-Id", traceId());
        byte[] event = invocation.event();
        exchange.sendResponseHeaders(200, event.length == 0 ? -1 : event.length);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(event);
        }
    }

    /** Blocks until an invocation that has not already given up (timed out before pick-up) arrives. */
    private Invocation nextLive() throws InterruptedException {
        while (true) {
            Invocation invocation = queue.take();
            if (!invocation.isDone()) {
                return invocation;
            }
        }
    }

    private void answer(HttpExchange exchange, String requestId, Outcome outcome) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Invocation invocation = current;
        if (invocation == null || !invocation.requestId().equals(requestId) || !invocation.handedOut()) {
            reply(exchange, 400, Map.of("errorType", "InvalidRequestID", "errorMessage", "Invalid request ID"));
            return;
        }
        invocation.complete(outcome, body);
        reply(exchange, 202, Map.of("status", "OK"));
    }

    private void initError(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Invocation invocation = current;
        if (invocation != null) {
            invocation.complete(Outcome.INIT_ERROR, body);
        }
        reply(exchange, 202, Map.of("status", "OK"));
    }

    private static void reply(HttpExchange exchange, int status, Map<String, String> document) throws IOException {
        byte[] body = JSON.writeValueAsBytes(document);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static byte[] timedOut(Invocation invocation) {
        return error(invocation, "Sandbox.Timedout", String.format(Locale.ROOT, "Task timed out after %.2f seconds",
                invocation.timeoutMs() / 1000.0));
    }

    /** Lambda's own error document for failures the runtime could not report itself. */
    private static byte[] error(Invocation invocation, String type, String message) {
        String text = "RequestId: " + invocation.requestId() + " Error: " + message;
        try {
            return JSON.writeValueAsBytes(JSON.createObjectNode().put("errorType", type).put("errorMessage", text));
        } catch (IOException e) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** An X-Ray trace header of the shape Lambda sends; nothing reads it locally. */
    private static String traceId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        HexFormat hex = HexFormat.of();
        byte[] root = new byte[12];
        byte[] parent = new byte[8];
        random.nextBytes(root);
        random.nextBytes(parent);
        return "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-" + hex.formatHex(root)
                + ";Parent=" + hex.formatHex(parent) + ";Sampled=0";
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        timers.shutdownNow();
    }
}
