package dev.hfjobs.aws;

import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hfjobs.model.ModelException;
import dev.hfjobs.model.Wire;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;

/**
 * SSM Parameter Store's {@code GetParameter} with decryption: the one SSM call the functions make,
 * sent as the SDK would send it (AWS JSON 1.1, signed by {@link SigV4}, over the
 * functions' shared HTTP client and credentials) without the SDK's {@code ssm} module, whose 5.9 MB
 * would take the package over its 20 MB budget for a single operation.
 */
final class SsmParameterStore {
    private static final String TARGET = "AmazonSSM.GetParameter";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final int MAX_ANSWER = 64 * 1024;

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final Region region;
    private final URI endpoint;

    /** What GetParameter answered. */
    sealed interface Answer {
        /** The parameter: its type ({@code SecureString}, {@code String}, {@code StringList}) and value. */
        record Parameter(String type, String value) implements Answer {
            @Override
            public String toString() {
                return "Parameter[type=" + type + ", value=***]";
            }
        }

        /**
         * An error answer or no answer.
         *
         * @param code the service's error code ({@code ParameterNotFound}, {@code ThrottlingException}...),
         *     or a description of what went wrong on the way
         * @param isTransient whether trying again later may work (throttled, 5xx, network, timeout)
         */
        record Failed(String code, boolean isTransient) implements Answer {}
    }

    SsmParameterStore(SdkHttpClient http, AwsCredentialsProvider credentials, Region region, URI endpoint) {
        this.http = http;
        this.credentials = credentials;
        this.region = region;
        this.endpoint = endpoint;
    }

    /**
     * The endpoint the SDK would use: {@code AWS_ENDPOINT_URL_SSM}, else {@code AWS_ENDPOINT_URL}
     * (unless {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS} is true), else the region's own.
     */
    static URI endpoint(Map<String, String> env, Region region) {
        return JsonService.endpoint(env, region, "SSM", "ssm");
    }

    /** Reads parameter {@code name}, decrypted, waiting at most {@code timeout}; never throws. */
    Answer getParameter(String name, Duration timeout) {
        ExecutableHttpRequest call;
        try {
            call = http.prepareRequest(signed(name));
        } catch (RuntimeException e) {
            return new Answer.Failed("request not sent (" + e.getClass().getSimpleName() + ")", true);
        }
        FutureTask<Answer> task = new FutureTask<>(() -> answer(call.call()));
        Thread.ofVirtual().name("ssm-get-parameter").start(task);
        try {
            return task.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.abort();
            return new Answer.Failed("no answer within " + timeout.toMillis() + " ms", true);
        } catch (ExecutionException e) {
            return new Answer.Failed("no answer (" + e.getCause().getClass().getSimpleName() + ")", true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.abort();
            return new Answer.Failed("interrupted", true);
        }
    }

    HttpExecuteRequest signed(String name) {
        byte[] body = Wire.write(Wire.object().put("Name", name).put("WithDecryption", true))
                .getBytes(StandardCharsets.UTF_8);
        SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).uri(endpoint)
                .encodedPath(endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/"
                        : endpoint.getRawPath())
                .putHeader("Content-Type", CONTENT_TYPE).putHeader("X-Amz-Target", TARGET)
                .putHeader("Content-Length", Integer.toString(body.length)).build();
        SdkHttpFullRequest signed = SigV4.sign(request, body, credentials.resolveCredentials(), region.id(), "ssm",
                Instant.now());
        return HttpExecuteRequest.builder().request(signed)
                .contentStreamProvider(ContentStreamProvider.fromByteArrayUnsafe(body)).build();
    }

    private static Answer answer(HttpExecuteResponse response) throws IOException {
        int status = response.httpResponse().statusCode();
        JsonNode body = json(response);
        if (status == 200) {
            JsonNode parameter = body.path("Parameter");
            return parameter.path("Value").isTextual()
                    ? new Answer.Parameter(parameter.path("Type").asText(""), parameter.path("Value").textValue())
                    : new Answer.Failed("an answer without a value", true);
        }
        String type = body.path("__type").asText("");
        String code = type.substring(type.lastIndexOf('#') + 1);
        code = code.matches("[A-Za-z0-9.]{1,64}") ? code : "HTTP " + status;
        boolean throttled = status == 429 || code.contains("Throttling") || code.equals("TooManyUpdates");
        return new Answer.Failed(code, throttled || status >= 500);
    }

    private static JsonNode json(HttpExecuteResponse response) throws IOException {
        if (response.responseBody().isEmpty()) {
            return MissingNode.getInstance();
        }
        try (InputStream in = response.responseBody().get()) {
            byte[] bytes = in.readNBytes(MAX_ANSWER);
            return Wire.parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (ModelException e) {
            return MissingNode.getInstance();
        }
    }
}
