package dev.hfjobs.hub;

import dev.hfjobs.Deadline;
import dev.hfjobs.UrlConnections;
import dev.hfjobs.Watchdog;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Makes calls: the token, the headers, one timeout per attempt bounded by the deadline, retries of
 * retryable calls on transient errors, and one re-read of the token after a 401.
 */
final class Transport {
    // Below this, an attempt cannot finish: do not start one.
    private static final Duration MIN_ATTEMPT = Duration.ofMillis(50);
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final TokenProvider tokens;
    private final String userAgent;
    private final Duration callTimeout;
    private final Duration connectTimeout;
    private final RetryPolicy retry;

    Transport(TokenProvider tokens, String userAgent, Duration callTimeout, Duration connectTimeout,
            RetryPolicy retry) {
        this.tokens = tokens;
        this.userAgent = userAgent;
        this.callTimeout = callTimeout;
        this.connectTimeout = connectTimeout;
        this.retry = retry;
    }

    void prefetchToken(Deadline deadline) {
        try {
            tokens.token(deadline);
        } catch (TokenUnavailableException e) {
            // The call that needs it reads again and reports it.
        }
    }

    HubResult<Answer> execute(Call call, Deadline deadline) {
        boolean tokenReread = false;
        for (int attempt = 1; ; attempt++) {
            HubResult<Answer> result = attempt(call, deadline);
            if (!(result instanceof HubResult.Failed<Answer>(HubError error))) {
                return result;
            }
            if (error instanceof HubError.Http http && http.status() == 401 && !tokenReread) {
                // The secret may have been rotated: read it once more; a 401 means nothing was done.
                tokens.invalidate();
                tokenReread = true;
                attempt--;
                continue;
            }
            if (!shouldRetry(call, error, attempt)) {
                return result;
            }
            Duration wait = waitBefore(attempt, error);
            if (wait == null || !deadline.allows(wait.plus(MIN_ATTEMPT)) || !sleep(wait)) {
                return result;
            }
        }
    }

    /**
     * Opens a server-sent event stream and reads it within {@code limits} and the deadline. Not
     * retried (a stream is read again by asking again), except once after a 401 with a re-read token.
     */
    HubResult<EventStream> stream(Call call, Deadline deadline, StreamLimits limits) {
        HubResult<EventStream> result = streamOnce(call, deadline, limits);
        if (result instanceof HubResult.Failed<EventStream>(HubError.Http http) && http.status() == 401) {
            tokens.invalidate();
            return streamOnce(call, deadline, limits);
        }
        return result;
    }

    private HubResult<EventStream> streamOnce(Call call, Deadline deadline, StreamLimits limits) {
        return switch (prepare(call, deadline)) {
            case HubResult.Failed<Ready> failed -> new HubResult.Failed<>(failed.error());
            case HubResult.Ok<Ready> ok -> switch (exchange(call, ok.value(), "text/event-stream", true)) {
                case HubResult.Failed<Response> failed -> new HubResult.Failed<>(failed.error());
                case HubResult.Ok<Response> response -> events(response.value(), limits, deadline, ok.value().token());
            };
        };
    }

    private static HubResult<EventStream> events(Response response, StreamLimits limits, Deadline deadline,
            String token) {
        if (response.stream() != null) {
            return new HubResult.Ok<>(new SseReader(limits).read(response.stream(), deadline.remaining()));
        }
        return new HubResult.Failed<>(HubErrors.fromAnswer(response.status(), response.headers(), response.text(),
                token));
    }

    private boolean shouldRetry(Call call, HubError error, int attempt) {
        boolean retryableError = error instanceof HubError.Http || error instanceof HubError.Network;
        return call.retryable() && retryableError && error.isTransient() && attempt < retry.maxAttempts();
    }

    /** The Hub's requested wait when it gave one (null when longer than we may wait), else full jitter. */
    private Duration waitBefore(int attempt, HubError error) {
        if (error instanceof HubError.Http http && http.retryAfter() != null) {
            return http.retryAfter().compareTo(retry.maxDelay()) <= 0 ? http.retryAfter() : null;
        }
        long ceiling = Math.min(retry.maxDelay().toMillis(), retry.baseDelay().toMillis() << Math.min(attempt - 1, 20));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    private static boolean sleep(Duration wait) {
        try {
            Thread.sleep(wait);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private HubResult<Answer> attempt(Call call, Deadline deadline) {
        return switch (prepare(call, deadline)) {
            case HubResult.Failed<Ready> failed -> new HubResult.Failed<>(failed.error());
            case HubResult.Ok<Ready> ok -> switch (exchange(call, ok.value(), "application/json", false)) {
                case HubResult.Failed<Response> failed -> new HubResult.Failed<>(failed.error());
                case HubResult.Ok<Response> response -> answer(response.value(), ok.value().token());
            };
        };
    }

    /** What an attempt needs before it is sent: time left and the token. */
    private record Ready(String token, Duration timeout) {}

    private HubResult<Ready> prepare(Call call, Deadline deadline) {
        if (!deadline.allows(MIN_ATTEMPT)) {
            return new HubResult.Failed<>(new HubError.DeadlineExceeded("no time left for " + call.method() + " "
                    + call.uri().getPath()));
        }
        try {
            return new HubResult.Ok<>(new Ready(tokens.token(deadline), min(callTimeout, deadline.remaining())));
        } catch (TokenUnavailableException e) {
            return new HubResult.Failed<>(new HubError.TokenUnavailable(e.getMessage(), e.isTransient()));
        }
    }

    /**
     * What came back: the status, the header fields, and the body, read whole ({@code text}) or, for
     * a successful stream, left open ({@code stream}; closing it closes the connection).
     */
    private record Response(int status, Headers headers, String text, InputStream stream) {}

    /** Sends, and reads the answer within the attempt's time. Every attempt is counted ({@link HubCallMetrics}). */
    private HubResult<Response> exchange(Call call, Ready ready, String accept, boolean stream) {
        HubResult<Response> result = send(call, ready, accept, stream);
        switch (result) {
            case HubResult.Ok<Response> ok -> HubCallMetrics.answered(ok.value().status());
            case HubResult.Failed<Response> failed -> HubCallMetrics.unanswered();
        }
        return result;
    }

    /**
     * One exchange on the calling thread ({@link UrlConnections}). The connect and read time-outs
     * bound each step; the {@link Watchdog} bounds the whole exchange, a server that drips its answer
     * included.
     */
    private HubResult<Response> send(Call call, Ready ready, String accept, boolean stream) {
        if (Thread.currentThread().isVirtual()) {
            return sendHere(call, ready, accept, stream);
        }
        // Only a virtual thread's blocked read is cut at once (see Watchdog): a platform caller (a
        // handler's own thread, a prefetch, a test) hands the exchange to one.
        FutureTask<HubResult<Response>> task = new FutureTask<>(() -> sendHere(call, ready, accept, stream));
        Thread.ofVirtual().name("hub-call").start(task);
        try {
            return task.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("Hub call failed", e.getCause());
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            return network(HubError.NetworkKind.IO, e);
        }
    }

    private HubResult<Response> sendHere(Call call, Ready ready, String accept, boolean stream) {
        // POST and PUT always send a body (empty when none), so that UrlConnections sends them the
        // one way the JDK never resends by itself (buffered POST, streamed PUT).
        byte[] body = call.body() != null ? call.body().getBytes(StandardCharsets.UTF_8)
                : call.method().equals("POST") || call.method().equals("PUT") ? new byte[0] : null;
        HttpURLConnection connection;
        try {
            connection = UrlConnections.prepare(call.uri(), call.method(), body, connectTimeout, ready.timeout());
        } catch (IOException | IllegalArgumentException e) {
            return network(HubError.NetworkKind.CONNECT, e);
        }
        connection.setRequestProperty("Authorization", "Bearer " + ready.token());
        connection.setRequestProperty("User-Agent", userAgent);
        connection.setRequestProperty("Accept", accept);
        if (call.body() != null) {
            connection.setRequestProperty("Content-Type", "application/json");
        }
        Watchdog.Alarm alarm = Watchdog.arm(ready.timeout(), connection::disconnect);
        try {
            connection.connect();
        } catch (IOException e) {
            boolean late = alarm.cancel();
            connection.disconnect();
            // Nothing was sent: the connection did not open.
            return network(late ? HubError.NetworkKind.TIMEOUT : HubError.NetworkKind.CONNECT, e);
        }
        try {
            Response response = transmit(connection, body, stream);
            alarm.cancel();
            return new HubResult.Ok<>(response);
        } catch (IOException e) {
            boolean late = alarm.cancel();
            connection.disconnect();
            return network(late || e instanceof SocketTimeoutException ? HubError.NetworkKind.TIMEOUT
                    : HubError.NetworkKind.IO, e);
        } catch (RuntimeException e) {
            alarm.cancel();
            connection.disconnect();
            throw e;
        }
    }

    private static Response transmit(HttpURLConnection connection, byte[] body, boolean stream) throws IOException {
        int status = UrlConnections.send(connection, body);
        Headers headers = new Headers(connection.getHeaderFields());
        if (stream && status / 100 == 2) {
            return new Response(status, headers, null, new ConnectionStream(UrlConnections.stream(connection, status),
                    connection));
        }
        // A stream's error answer could be endless: its start is enough for the Hub's message.
        byte[] bytes = UrlConnections.body(connection, status, stream ? MAX_ERROR_BODY : Integer.MAX_VALUE);
        return new Response(status, headers, new String(bytes, StandardCharsets.UTF_8), null);
    }

    /**
     * A stream's body whose {@code close} closes the connection: the reader's watchdog closes it from
     * another thread while a read blocks, which the body's own (locked) {@code close} would wait for.
     */
    private static final class ConnectionStream extends FilterInputStream {
        private final HttpURLConnection connection;

        ConnectionStream(InputStream body, HttpURLConnection connection) {
            super(body);
            this.connection = connection;
        }

        @Override
        public void close() {
            connection.disconnect();
        }
    }

    private static HubResult<Answer> answer(Response response, String token) {
        int status = response.status();
        if (status >= 200 && status < 300) {
            return new HubResult.Ok<>(new Answer(status, response.headers(), response.text()));
        }
        return new HubResult.Failed<>(HubErrors.fromAnswer(status, response.headers(), response.text(), token));
    }

    private static <T> HubResult<T> network(HubError.NetworkKind kind, Throwable cause) {
        String detail = cause == null ? "unknown" : cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + HubErrors.safe(cause.getMessage(), null));
        return new HubResult.Failed<>(new HubError.Network(kind, detail));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
