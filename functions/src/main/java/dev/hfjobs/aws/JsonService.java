package dev.hfjobs.aws;

import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.Watchdog;
import dev.hfjobs.model.ModelException;
import dev.hfjobs.model.Wire;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.InterceptorContext;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;

/**
 * One AWS service spoken to in its JSON protocol (DynamoDB, Secrets Manager, EventBridge), the way
 * the SDK's generated client would: a signed POST with {@code X-Amz-Target}, the SDK's standard
 * retries and its per-attempt and per-call time limits, and its service exceptions on failure.
 *
 * <p>Why not the SDK's client: building one and making its first call loads the SDK's request
 * pipeline, endpoint rules, protocol marshallers and signer, which cost a plain cold start about
 * half a second on two cores (see {@code scripts/bench}); the handful of operations the functions
 * make fit in a page each. The request and response objects stay the SDK's own, so the stores'
 * code and its tests do not change.
 *
 * <p>What is kept of the SDK's contract:
 * <ul>
 *   <li>time limits: the request's {@code apiCallAttemptTimeout} and {@code apiCallTimeout}, else
 *       {@link AwsClients#ATTEMPT_TIMEOUT} and {@link AwsClients#CALL_TIMEOUT};
 *   <li>retries as {@code RetryMode.STANDARD}: 3 attempts, full-jitter backoff from 100 ms (1 s after
 *       throttling), for throttling, 5xx, network errors and attempt time-outs; the standard mode's
 *       retry-quota bucket is left out (one container makes few calls at a time);
 *   <li>errors: the service's own exception for the codes the functions tell apart (built by
 *       {@code errors}), its base exception with the error code and status for the others,
 *       {@link SdkClientException} for no answer, {@link ApiCallTimeoutException} when the call's
 *       time is up;
 *   <li>execution interceptors (tests use them to count, record and fail calls): before execution,
 *       modify HTTP request, before transmission (each attempt), modify response, after execution.
 * </ul>
 */
final class JsonService {
    private static final int MAX_ATTEMPTS = 3;
    private static final Duration BASE_DELAY = Duration.ofMillis(100);
    private static final Duration THROTTLED_BASE_DELAY = Duration.ofSeconds(1);
    private static final Duration MAX_DELAY = Duration.ofSeconds(20);

    /** Builds the service exception for an error answer. */
    @FunctionalInterface
    interface Errors {
        /** The exception for error {@code code}; the caller adds the status, message and error details. */
        AwsServiceException exception(String code, JsonNode body);
    }

    /**
     * How the service is addressed.
     *
     * @param signingName the SigV4 service name ({@code dynamodb}, {@code secretsmanager}, {@code events}),
     *     also the first label of its regional host name
     * @param serviceName the SDK's service name, as interceptors see it ({@code DynamoDb}...)
     * @param targetPrefix what precedes the operation in {@code X-Amz-Target}
     * @param jsonVersion the protocol version: {@code 1.0} or {@code 1.1}
     * @param endpointVariable the suffix of the service's own {@code AWS_ENDPOINT_URL_*} variable
     */
    record Protocol(String signingName, String serviceName, String targetPrefix, String jsonVersion,
            String endpointVariable) {}

    private final Protocol protocol;
    private final Region region;
    private final URI endpoint;
    private final Exchange exchange;
    private final Supplier<AwsCredentialsProvider> credentials;
    private final List<ExecutionInterceptor> interceptors;
    private final Errors errors;

    JsonService(Protocol protocol, Region region, URI endpoint, Exchange exchange,
            Supplier<AwsCredentialsProvider> credentials, List<ExecutionInterceptor> interceptors, Errors errors) {
        this.protocol = protocol;
        this.region = region;
        this.endpoint = endpoint;
        this.exchange = exchange;
        this.credentials = credentials;
        this.interceptors = List.copyOf(interceptors);
        this.errors = errors;
    }

    /**
     * The endpoint the SDK would use: {@code AWS_ENDPOINT_URL_<SERVICE>}, else
     * {@code AWS_ENDPOINT_URL} (unless {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS} is true), else
     * {@code https://<host>.<region>.<the region's partition's domain>}.
     */
    static URI endpoint(Map<String, String> env, Region region, String variableSuffix, String host) {
        boolean ignore = "true".equalsIgnoreCase(env.getOrDefault("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", ""));
        Optional<String> configured = ignore ? Optional.empty()
                : nonBlank(env.get("AWS_ENDPOINT_URL_" + variableSuffix)).or(() -> nonBlank(env.get("AWS_ENDPOINT_URL")));
        return URI.create(configured.orElseGet(() -> "https://" + host + "." + region.id() + "." + domain(region)));
    }

    /**
     * The DNS suffix of the region's partition, as the SDK's {@code partitions.json} gives it.
     * Asking the SDK ({@code Region.metadata()}, {@code PartitionMetadata.of}) loads the metadata
     * of every AWS service, a quarter of a second of a cold start; {@code JsonServiceTest} checks
     * this table against it for every region the SDK knows.
     */
    static String domain(Region region) {
        String id = region.id();
        if (id.startsWith("cn-")) {
            return "amazonaws.com.cn";
        } else if (id.startsWith("us-isob-")) {
            return "sc2s.sgov.gov";
        } else if (id.startsWith("us-isof-")) {
            return "csp.hci.ic.gov";
        } else if (id.startsWith("us-iso-")) {
            return "c2s.ic.gov";
        } else if (id.startsWith("eu-isoe-")) {
            return "cloud.adc-e.uk";
        } else if (id.startsWith("eusc-")) {
            return "amazonaws.eu";
        }
        return "amazonaws.com";
    }

    private static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
    }

    /**
     * Sends {@code operation} with {@code body} for {@code request} (whose override configuration
     * gives the time limits) and hands the answer to {@code response}; retries as the class says.
     *
     * @throws SdkException the service's error after the last attempt, or no answer in time
     */
    <R extends SdkResponse> R call(AwsRequest request, String operation, ObjectNode body,
            ResponseReader<R> response) {
        // Without interceptors (as deployed) there is nobody to show the contexts to: none is built.
        Intercepted intercepted = interceptors.isEmpty() ? null : new Intercepted(request, new ExecutionAttributes()
                .putAttribute(SdkExecutionAttribute.SERVICE_NAME, protocol.serviceName())
                .putAttribute(SdkExecutionAttribute.OPERATION_NAME, operation));
        if (intercepted != null) {
            interceptors.forEach(i -> i.beforeExecution(intercepted.context(), intercepted.attributes()));
        }
        Optional<AwsRequestOverrideConfiguration> override = request.overrideConfiguration();
        Duration callTime = override.flatMap(AwsRequestOverrideConfiguration::apiCallTimeout)
                .orElse(AwsClients.CALL_TIMEOUT);
        Duration attemptTime = override.flatMap(AwsRequestOverrideConfiguration::apiCallAttemptTimeout)
                .orElse(AwsClients.ATTEMPT_TIMEOUT);
        long callEnds = System.nanoTime() + callTime.toNanos();
        byte[] payload = Wire.write(body).getBytes(StandardCharsets.UTF_8);
        for (int attempt = 1; ; attempt++) {
            SdkException failure;
            try {
                Duration callLeft = Duration.ofNanos(callEnds - System.nanoTime());
                JsonNode answer = attempt(intercepted, operation, payload, min(attemptTime, callLeft),
                        attemptTime.compareTo(callLeft) < 0 ? null : callTime);
                R read = response.read(answer);
                return intercepted == null ? read : intercepted.finish(read, interceptors);
            } catch (SdkException e) {
                failure = e;
            }
            Duration delay = backoff(attempt, failure);
            if (attempt >= MAX_ATTEMPTS || !AwsCalls.worthRetrying(failure)) {
                throw failure;
            }
            if (System.nanoTime() + delay.toNanos() >= callEnds) {
                throw ApiCallTimeoutException.create(callTime.toMillis());
            }
            if (!AwsCalls.pause(delay)) {
                throw SdkClientException.create("interrupted between attempts of " + operation, failure);
            }
        }
    }

    /** One call's context and attributes, for its interceptors. */
    private record Intercepted(InterceptorContext context, ExecutionAttributes attributes) {
        Intercepted(AwsRequest request, ExecutionAttributes attributes) {
            this(InterceptorContext.builder().request(request).build(), attributes);
        }

        /** The response after every interceptor's modifyResponse, told to every afterExecution. */
        <R extends SdkResponse> R finish(R read, List<ExecutionInterceptor> interceptors) {
            InterceptorContext done = context.toBuilder().response(read).build();
            SdkResponse modified = read;
            for (ExecutionInterceptor interceptor : interceptors) {
                modified = interceptor.modifyResponse(done.toBuilder().response(modified).build(), attributes);
            }
            InterceptorContext finished = done.toBuilder().response(modified).build();
            interceptors.forEach(i -> i.afterExecution(finished, attributes));
            @SuppressWarnings("unchecked")
            R result = (R) modified;
            return result;
        }
    }

    /** Turns a 200 answer's JSON into the SDK's response object. */
    @FunctionalInterface
    interface ResponseReader<R extends SdkResponse> {
        R read(JsonNode answer);
    }

    /**
     * One attempt, within {@code time}. When the call's own time limit is what bounds it
     * ({@code callTime} given), running out of time ends the call, as the SDK's call timeout does.
     */
    private JsonNode attempt(Intercepted intercepted, String operation, byte[] payload, Duration time,
            Duration callTime) {
        if (time.isNegative() || time.isZero()) {
            throw ApiCallTimeoutException.create(callTime == null ? 0 : callTime.toMillis());
        }
        SdkHttpFullRequest unsigned = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).uri(endpoint)
                .encodedPath(endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/"
                        : endpoint.getRawPath())
                .putHeader("Content-Type", "application/x-amz-json-" + protocol.jsonVersion())
                .putHeader("X-Amz-Target", protocol.targetPrefix() + "." + operation)
                .putHeader("Content-Length", Integer.toString(payload.length))
                .build();
        if (intercepted != null) {
            for (ExecutionInterceptor interceptor : interceptors) {
                unsigned = toFull(interceptor.modifyHttpRequest(intercepted.context().toBuilder()
                        .httpRequest(unsigned).build(), intercepted.attributes()), unsigned);
            }
        }
        SdkHttpFullRequest signed = SigV4.sign(unsigned, payload, credentials.get().resolveCredentials(),
                region.id(), protocol.signingName(), Instant.now());
        if (intercepted != null) {
            InterceptorContext sending = intercepted.context().toBuilder().httpRequest(signed).build();
            interceptors.forEach(i -> i.beforeTransmission(sending, intercepted.attributes()));
        }
        long attemptEnds = System.nanoTime() + time.toNanos();
        Exchange.Pending call;
        try {
            call = exchange.prepare(signed, payload, time);
        } catch (IOException e) {
            throw SdkClientException.create("Unable to execute HTTP request: " + e.getMessage(), e);
        }
        Watchdog.Alarm watchdog = Watchdog.arm(time, call::abort);
        Answer answer;
        try {
            answer = answer(call.call());
        } catch (IOException | RuntimeException e) {
            // The watchdog and the socket's own read timeout race for the same instant; whichever
            // noticed, an attempt that failed once its time was up ran out of time.
            boolean fired = watchdog.cancel();
            if (fired || System.nanoTime() - attemptEnds >= 0) {
                throw callTime != null ? ApiCallTimeoutException.create(callTime.toMillis())
                        : ApiCallAttemptTimeoutException.create(time.toMillis());
            }
            throw SdkClientException.create("Unable to execute HTTP request: " + e.getMessage(), e);
        }
        watchdog.cancel();
        if (answer.status() / 100 == 2) {
            return answer.body();
        }
        throw error(answer);
    }

    private static SdkHttpFullRequest toFull(software.amazon.awssdk.http.SdkHttpRequest modified,
            SdkHttpFullRequest original) {
        return modified instanceof SdkHttpFullRequest full ? full : original.toBuilder().protocol(modified.protocol())
                .host(modified.host()).port(modified.port()).encodedPath(modified.encodedPath())
                .headers(modified.headers()).build();
    }

    private record Answer(int status, JsonNode body, String requestId) {}

    private static Answer answer(Exchange.Reply reply) throws IOException {
        if (reply.body().length == 0) {
            return new Answer(reply.status(), MissingNode.getInstance(), reply.requestId());
        }
        try {
            return new Answer(reply.status(), Wire.parse(reply.body()), reply.requestId());
        } catch (ModelException e) {
            if (reply.status() / 100 == 2) {
                throw new IOException("the answer is " + e.getMessage(), e);
            }
            return new Answer(reply.status(), MissingNode.getInstance(), reply.requestId());
        }
    }

    /** Does now the set-up the first call would do (TLS for an https endpoint). */
    void prefetch() {
        exchange.prefetch(endpoint);
    }

    private AwsServiceException error(Answer answer) {
        JsonNode body = answer.body();
        String type = body.path("__type").asText("");
        String code = type.substring(type.lastIndexOf('#') + 1);
        if (code.isEmpty()) {
            code = answer.status() >= 500 ? "InternalFailure" : "HTTP " + answer.status();
        }
        String message = body.path("message").asText(body.path("Message").asText(null));
        AwsErrorDetails details = AwsErrorDetails.builder().errorCode(code).errorMessage(message)
                .serviceName(protocol.serviceName()).build();
        AwsServiceException e = errors.exception(code, body);
        return (AwsServiceException) e.toBuilder().statusCode(answer.status()).requestId(answer.requestId())
                .awsErrorDetails(details).message(message).build();
    }

    private static Duration backoff(int attempt, SdkException failure) {
        boolean throttled = failure instanceof AwsServiceException service && service.isThrottlingException();
        Duration base = throttled ? THROTTLED_BASE_DELAY : BASE_DELAY;
        long cap = Math.min(MAX_DELAY.toMillis(), base.toMillis() << Math.min(attempt - 1, 16));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(cap + 1));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public String toString() {
        return "JsonService[" + protocol.signingName() + " at " + endpoint + "]";
    }
}
