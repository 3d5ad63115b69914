package dev.hfjobs.aws;

import dev.hfjobs.UrlConnections;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
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
     * {@link UrlConnections}, on the calling thread. The SDK's URL-connection client does the same
     * with some 600 more classes loaded on a cold start (its TLS set-up even for a plain-http
     * endpoint among them).
     */
    record UrlConnection() implements Exchange {
        // HttpURLConnection sets these itself (Host from the URL, the same as signed; the length
        // from the fixed-length mode) and refuses them as request properties.
        private static final Set<String> OWN_HEADERS = Set.of("host", "content-length", "connection");

        @Override
        public Pending prepare(SdkHttpFullRequest signed, byte[] payload, Duration time) throws IOException {
            HttpURLConnection connection = UrlConnections.prepare(signed.getUri(), signed.method().name(), payload,
                    time, time);
            for (Map.Entry<String, List<String>> header : signed.headers().entrySet()) {
                if (!OWN_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                    connection.setRequestProperty(header.getKey(), String.join(",", header.getValue()));
                }
            }
            return new Pending() {
                @Override
                public Reply call() throws IOException {
                    int status = UrlConnections.send(connection, payload);
                    return new Reply(status, connection.getHeaderField("x-amzn-RequestId"),
                            UrlConnections.body(connection, status, Integer.MAX_VALUE));
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
