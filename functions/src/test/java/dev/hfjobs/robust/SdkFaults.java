package dev.hfjobs.robust;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

/**
 * Faults at the AWS SDK's edge, for what moto cannot make fail on demand: until {@link #heal()},
 * every request of one kind to one service is either sent to a closed port (a real connection
 * refused: the service is unreachable) or refused before it leaves with the error DynamoDB gives
 * when it throttles. The SDK's own retries run as they would; other requests reach moto.
 */
final class SdkFaults implements ExecutionInterceptor {
    private enum Kind { UNREACHABLE, THROTTLED }

    private final String service;
    private final Predicate<SdkRequest> requests;
    private final Kind kind;
    private final int closedPort = closedPort();
    private final AtomicBoolean healed = new AtomicBoolean();
    private final AtomicInteger injected = new AtomicInteger();

    private SdkFaults(String service, Predicate<SdkRequest> requests, Kind kind) {
        this.service = normalized(service);
        this.requests = requests;
        this.kind = kind;
    }

    /** Every request to {@code service} ("secretsmanager", "dynamodb", ...) fails to connect. */
    static SdkFaults unreachable(String service) {
        return new SdkFaults(service, request -> true, Kind.UNREACHABLE);
    }

    /** Every DynamoDB request {@code requests} accepts is throttled (ProvisionedThroughputExceededException). */
    static SdkFaults throttled(Predicate<SdkRequest> requests) {
        return new SdkFaults("dynamodb", requests, Kind.THROTTLED);
    }

    /** Attempts hit so far (the SDK's retries included). */
    int injected() {
        return injected.get();
    }

    /** The service recovered: nothing more is hit. */
    void heal() {
        healed.set(true);
    }

    private boolean hit(SdkRequest request, ExecutionAttributes attributes) {
        boolean hit = !healed.get() && requests.test(request)
                && service.equals(normalized(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)));
        if (hit) {
            injected.incrementAndGet();
        }
        return hit;
    }

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        if (kind == Kind.UNREACHABLE && hit(context.request(), attributes)) {
            return context.httpRequest().toBuilder().port(closedPort).build();
        }
        return context.httpRequest();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (kind == Kind.THROTTLED && hit(context.request(), attributes)) {
            throw ProvisionedThroughputExceededException.builder().statusCode(400)
                    .message("The level of configured provisioned throughput for the table was exceeded.")
                    .awsErrorDetails(AwsErrorDetails.builder().serviceName("DynamoDb")
                            .errorCode("ProvisionedThroughputExceededException").build())
                    .build();
        }
    }

    private static String normalized(String name) {
        return name == null ? "" : name.replace(" ", "").toLowerCase(Locale.ROOT);
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
