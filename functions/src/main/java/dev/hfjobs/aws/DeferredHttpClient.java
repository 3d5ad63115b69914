package dev.hfjobs.aws;

import java.util.function.Supplier;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * The SDK clients' shared HTTP client, created when the first request is sent rather than when an
 * SDK client is built: creating it sets up TLS (the trust store, a few hundred milliseconds on a
 * cold JVM), which a client's build does not need, and which a handler that only uses the
 * functions' own JSON clients ({@link Exchange}) never pays for.
 */
final class DeferredHttpClient implements SdkHttpClient {
    private final Supplier<SdkHttpClient> http;

    DeferredHttpClient(Supplier<SdkHttpClient> http) {
        this.http = http;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return http.get().prepareRequest(request);
    }

    @Override
    public String clientName() {
        // What UrlConnectionHttpClient answers, without creating it: the SDK asks while building.
        return "UrlConnection";
    }

    @Override
    public void close() {
        // The shared client lives as long as the container.
    }
}
