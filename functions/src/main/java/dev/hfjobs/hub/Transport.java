package dev.hfjobs.hub;

import dev.hfjobs.Deadline;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes calls: the token, the headers, one timeout per attempt bounded by the deadline, retries of
 * retryable calls on transient errors, and one re-read of the token after a 401.
 */
final class Transport {
    // Below this, an attempt cannot finish: do not start one.
    private static final Duration MIN_ATTEMPT = Duration.ofMillis(50);
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final HttpClient http;
    private final TokenProvider tokens;
    private final String userAgent;
    private final Duration callTimeout;
    private final RetryPolicy retry;

    Transport(HttpClient http, TokenProvider tokens, String userAgent, Duration callTimeout, RetryPolicy retry) {
        this.http = http;
        this.tokens = tokens;
        this.userAgent = userAgent;
        this.callTimeout = callTimeout;
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
            case HubResult.Ok<Ready> ok -> {
                HttpRequest request = HttpRequest.newBuilder(request(call, ok.value()), (name, value) ->
                        !name.equalsIgnoreCase("Accept")).header("Accept", "text/event-stream").build();
                yield switch (exchange(request, HttpResponse.BodyHandlers.ofInputStream(), ok.value().timeout())) {
                    case HubResult.Failed<HttpResponse<InputStream>> failed -> new HubResult.Failed<>(failed.error());
                    case HubResult.Ok<HttpResponse<InputStream>> response -> events(response.value(), limits,
                            deadline, ok.value().token());
                };
            }
        };
    }

    private static HubResult<EventStream> events(HttpResponse<InputStream> response, StreamLimits limits,
            Deadline deadline, String token) {
        if (response.statusCode() >= 200 && response.statusCode() < 300) {
            return new HubResult.Ok<>(new SseReader(limits).read(response.body(), deadline.remaining()));
        }
        return new HubResult.Failed<>(HubErrors.fromAnswer(response.statusCode(), response.headers(),
                errorBody(response.body()), token));
    }

    /** The start of an error answer's body: enough for the Hub's message, never a whole stream. */
    private static String errorBody(InputStream body) {
        try (body) {
            return new String(body.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
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
            case HubResult.Ok<Ready> ok -> switch (exchange(request(call, ok.value()),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8), ok.value().timeout())) {
                case HubResult.Failed<HttpResponse<String>> failed -> new HubResult.Failed<>(failed.error());
                case HubResult.Ok<HttpResponse<String>> response -> answer(response.value(), ok.value().token());
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

    private HttpRequest request(Call call, Ready ready) {
        String token = ready.token();
        Duration timeout = ready.timeout();
        HttpRequest.BodyPublisher body = call.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(call.body(), StandardCharsets.UTF_8);
        HttpRequest.Builder builder = HttpRequest.newBuilder(call.uri()).timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("User-Agent", userAgent)
                .header("Accept", "application/json")
                .method(call.method(), body);
        if (call.body() != null) {
            builder.header("Content-Type", "application/json");
        }
        return builder.build();
    }

    /**
     * Sends and waits for the answer within {@code timeout}: headers, and the body of a string answer.
     * Every attempt is counted ({@link HubCallMetrics}), answered or not.
     */
    private <T> HubResult<HttpResponse<T>> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler,
            Duration timeout) {
        HubResult<HttpResponse<T>> result = send(request, handler, timeout);
        switch (result) {
            case HubResult.Ok<HttpResponse<T>> ok -> HubCallMetrics.answered(ok.value().statusCode());
            case HubResult.Failed<HttpResponse<T>> failed -> HubCallMetrics.unanswered();
        }
        return result;
    }

    private <T> HubResult<HttpResponse<T>> send(HttpRequest request, HttpResponse.BodyHandler<T> handler,
            Duration timeout) {
        CompletableFuture<HttpResponse<T>> future = http.sendAsync(request, handler);
        try {
            // The request timeout covers the headers only; this bounds a string body too.
            return new HubResult.Ok<>(future.get(timeout.toMillis() + 100, TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            future.cancel(true);
            return network(HubError.NetworkKind.TIMEOUT, e);
        } catch (ExecutionException e) {
            return network(kind(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return network(HubError.NetworkKind.IO, e);
        }
    }

    private static HubResult<Answer> answer(HttpResponse<String> response, String token) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new HubResult.Ok<>(new Answer(status, response.headers(), response.body()));
        }
        return new HubResult.Failed<>(HubErrors.fromAnswer(status, response.headers(), response.body(), token));
    }

    private static HubError.NetworkKind kind(Throwable cause) {
        return switch (cause) {
            case HttpConnectTimeoutException e -> HubError.NetworkKind.CONNECT;
            case ConnectException e -> HubError.NetworkKind.CONNECT;
            case HttpTimeoutException e -> HubError.NetworkKind.TIMEOUT;
            case null, default -> HubError.NetworkKind.IO;
        };
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
