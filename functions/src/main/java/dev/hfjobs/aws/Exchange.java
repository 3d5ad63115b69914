package dev.hfjobs.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import javax.net.ssl.HttpsURLConnection;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;

/**
 * How {@link JsonService} gets a signed request to the service and its answer back: over
 * {@code HttpURLConnection} (in the functions), or through an SDK HTTP client (priming's
 * in-memory answers, {@link OfflineWarmUp}).
 */
sealed interface Exchange permits Exchange.UrlConnection, Exchange.SdkHttp {

    /** Gets ready to send {@code signed} with {@code payload}; each step of it bounded by {@code time}. */
    Pending prepare(SdkHttpFullRequest signed, byte[] payload, Duration time) throws IOException;

    /** Does now the set-up a first call to {@code endpoint} would do (TLS for https). */
    void prefetch(URI endpoint);

    /** One request, ready to go. */
    interface Pending {
        /** Sends the request and reads the whole answer. */
        Reply call() throws IOException;

        /** Ends the call from another thread (its time is up). */
        void abort();
    }

    /** An answer: its status, its request id and its body (empty when it had none). */
    record Reply(int status, String requestId, byte[] body) {}

    /**
     * {@code HttpURLConnection}, on the calling thread, its keep-alive cache reusing connections. The
     * SDK's URL-connection client does the same with some 600 more classes loaded on a cold start
     * (its TLS set-up even for a plain-http endpoint among them).
     */
    record UrlConnection() implements Exchange {
        // HttpURLConnection sets these itself (Host from the URL, the same as signed; the length
        // from the fixed-length mode) and refuses them as request properties.
        private static final Set<String> OWN_HEADERS = Set.of("host", "content-length", "connection");

        @Override
        public Pending prepare(SdkHttpFullRequest signed, byte[] payload, Duration time) throws IOException {
            HttpURLConnection connection = (HttpURLConnection) signed.getUri().toURL().openConnection();
            int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, time.toMillis()));
            connection.setRequestMethod(signed.method().name());
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setConnectTimeout(millis);
            connection.setReadTimeout(millis);
            for (Map.Entry<String, List<String>> header : signed.headers().entrySet()) {
                if (!OWN_HEADERS.contains(header.getKey().toLowerCase(java.util.Locale.ROOT))) {
                    connection.setRequestProperty(header.getKey(), String.join(",", header.getValue()));
                }
            }
            // Streaming mode: HttpURLConnection never repeats the request by itself (it would, once, a
            // buffered POST after a stale keep-alive connection); retries are JsonService's to decide.
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(payload.length);
            return new Pending() {
                @Override
                public Reply call() throws IOException {
                    try (OutputStream out = connection.getOutputStream()) {
                        out.write(payload);
                    }
                    int status = connection.getResponseCode();
                    if (status < 0) {
                        throw new IOException("not an HTTP answer");
                    }
                    String requestId = connection.getHeaderField("x-amzn-RequestId");
                    InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
                    if (body == null) {
                        return new Reply(status, requestId, new byte[0]);
                    }
                    try (body) {
                        return new Reply(status, requestId, body.readAllBytes());
                    }
                }

                @Override
                public void abort() {
                    connection.disconnect();
                }
            };
        }

        @Override
        public void prefetch(URI endpoint) {
            if ("https".equalsIgnoreCase(endpoint.getScheme())) {
                // The default TLS context and its trust store: the costliest part of a first call.
                HttpsURLConnection.getDefaultSSLSocketFactory();
            }
        }
    }

    /** Through an SDK HTTP client, built on first use. */
    record SdkHttp(Supplier<SdkHttpClient> http) implements Exchange {
        @Override
        public Pending prepare(SdkHttpFullRequest signed, byte[] payload, Duration time) {
            ExecutableHttpRequest call = http.get().prepareRequest(HttpExecuteRequest.builder().request(signed)
                    .contentStreamProvider(ContentStreamProvider.fromByteArrayUnsafe(payload)).build());
            return new Pending() {
                @Override
                public Reply call() throws IOException {
                    HttpExecuteResponse response = call.call();
                    String requestId = response.httpResponse().firstMatchingHeader("x-amzn-RequestId").orElse(null);
                    if (response.responseBody().isEmpty()) {
                        return new Reply(response.httpResponse().statusCode(), requestId, new byte[0]);
                    }
                    try (InputStream in = response.responseBody().get()) {
                        return new Reply(response.httpResponse().statusCode(), requestId, in.readAllBytes());
                    }
                }

                @Override
                public void abort() {
                    call.abort();
                }
            };
        }

        @Override
        public void prefetch(URI endpoint) {
            http.get();
        }
    }
}
