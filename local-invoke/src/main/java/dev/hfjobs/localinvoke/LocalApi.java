package dev.hfjobs.localinvoke;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The project's {@code sam local start-api}: an HTTP server on 127.0.0.1 that turns every request,
 * whatever its method and path, into an API Gateway HTTP API event (payload 2.0, see
 * {@link HttpApiEvents}) for one function, invokes it through {@link LocalInvoke} (one JVM kept
 * warm between requests, requests served one at a time) and writes its proxy answer back (see
 * {@link ProxyResponse}). A function error is a 500, as API Gateway answers it. One access line per
 * request goes to the given stream: {@code POST /jobs 201 35 ms}.
 *
 * <pre>{@code
 * try (LocalInvoke function = LocalInvoke.of(config, options);
 *      LocalApi api = LocalApi.start(function, 3000, System.out)) {
 *     URI endpoint = api.endpoint();   // http://127.0.0.1:3000
 * }
 * }</pre>
 */
public final class LocalApi implements AutoCloseable {

    /** Set by the server itself; a function's value would contradict the body actually written. */
    private static final Set<String> HOP_HEADERS = Set.of("content-length", "transfer-encoding", "connection");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final LocalInvoke function;
    private final PrintStream accessLog;
    private final HttpServer server;
    private final ExecutorService thread;

    private LocalApi(LocalInvoke function, PrintStream accessLog, HttpServer server) {
        this.function = function;
        this.accessLog = accessLog;
        this.server = server;
        this.thread = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("local-api").factory());
    }

    /**
     * Starts serving; the function's JVM starts with the first request.
     *
     * @param port 0 for a free one
     * @throws LocalInvokeException when the port is in use
     */
    public static LocalApi start(LocalInvoke function, int port, PrintStream accessLog) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        } catch (BindException e) {
            throw new LocalInvokeException("port " + port + " on 127.0.0.1 is already in use (another local-api?); "
                    + "choose another with --port N", e);
        } catch (IOException e) {
            throw new LocalInvokeException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        LocalApi api = new LocalApi(function, accessLog, server);
        server.createContext("/", api::handle);
        server.setExecutor(api.thread);
        server.start();
        return api;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        HttpApiRequest request = request(exchange);
        ProxyResponse response = invoke(request);
        exchange.getResponseHeaders().add("Apigw-Requestid", request.requestId());
        write(exchange, request.method(), response);
        accessLog.printf(Locale.ROOT, "%s %s %d %d ms%n", request.method(), request.rawPath()
                + (request.rawQuery().isEmpty() ? "" : "?" + request.rawQuery()), response.status(),
                (System.nanoTime() - started) / 1_000_000);
        accessLog.flush();
    }

    private ProxyResponse invoke(HttpApiRequest request) {
        InvokeResult result;
        try {
            result = function.invoke(JSON.writeValueAsString(HttpApiEvents.of(request)));
        } catch (IOException | LocalInvokeException e) {
            System.err.println("local-api: cannot invoke " + function.function().logicalId() + ": " + e.getMessage());
            return ProxyResponse.internalServerError();
        }
        if (result.isError()) {
            System.err.println("local-api: " + function.function().logicalId() + " failed (" + result.outcome()
                    + "): " + result.payload());
            return ProxyResponse.internalServerError();
        }
        return ProxyResponse.parse(result.payload());
    }

    private static HttpApiRequest request(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, new ArrayList<>(values)));
        byte[] body = exchange.getRequestBody().readAllBytes();
        String rawPath = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return new HttpApiRequest(exchange.getRequestMethod(), rawPath, uri.getRawQuery() == null ? ""
                : uri.getRawQuery(), headers, body, exchange.getProtocol(),
                exchange.getRemoteAddress().getAddress().getHostAddress(), Instant.now(), requestId());
    }

    private static void write(HttpExchange exchange, String method, ProxyResponse response) throws IOException {
        response.headers().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        boolean noBody = response.body().length == 0 || method.equals("HEAD") || response.status() == 204
                || response.status() == 304;
        exchange.sendResponseHeaders(response.status(), noBody ? -1 : response.body().length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        }
        exchange.close();
    }

    /** Shaped like API Gateway's, e.g. {@code Bz8mSh2XoAMEV0w=}. */
    private static String requestId() {
        byte[] bytes = new byte[11];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Stops serving; the function's JVM stays until its {@link LocalInvoke} is closed. */
    @Override
    public void close() {
        server.stop(0);
        thread.shutdownNow();
    }
}
