package dev.hfjobs.catalog;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.hfjobs.Deadline;
import dev.hfjobs.FunctionsException;
import dev.hfjobs.Log;
import dev.hfjobs.Metrics;
import dev.hfjobs.Once;
import dev.hfjobs.UrlConnections;
import dev.hfjobs.model.Wire;
import dev.hfjobs.wiring.Priming;
import dev.hfjobs.wiring.WarmUp;
import dev.hfjobs.wiring.Wiring;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code HardwareCatalogFunction}: on its schedule, publishes the hardware catalog when it changed.
 * A run that could not read or publish fails the invocation, so the schedule's retries and the
 * function's error alarm see it.
 */
public final class HardwareCatalogFunction implements RequestStreamHandler {
    static {
        // Before any HTTP in this process: see UrlConnections.
        UrlConnections.beforeFirstConnection();
    }

    private final Supplier<CatalogPublisher> publisher;
    private final Priming priming;

    /**
     * The runtime's constructor: wires the real clients from the environment, once per container,
     * and primes under provisioned concurrency ({@link Priming#primeAheadOfTraffic}).
     */
    public HardwareCatalogFunction() {
        this(Wiring::fromEnvironment);
        priming.primeAheadOfTraffic(System.getenv());
    }

    HardwareCatalogFunction(Supplier<Wiring> wiring) {
        this.publisher = new Once<>(() -> {
            Wiring w = wiring.get();
            return new CatalogPublisher(w.hub(), w.documents(), w.events(), w.clock());
        });
        this.priming = Priming.register(this::warmUp);
    }

    /**
     * SnapStart priming, run before the snapshot (and callable any time): builds the wiring (AWS SDK
     * clients, the Hub client) and runs {@link WarmUp#all()}. Sends nothing, reads no token.
     */
    public void prime() {
        priming.prime();
    }

    private void warmUp() {
        WarmUp.all();
        publisher.get();
    }

    /** One run: its log lines share the invocation's request id, its metrics are written before it ends. */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        try (Log.Scope request = Log.begin(); Metrics.Batch metrics = Metrics.begin()) {
            Log.correlate(Log.REQUEST_ID, context == null ? null : context.getAwsRequestId());
            handle(input, output, context);
        }
    }

    private void handle(InputStream input, OutputStream output, Context context) throws IOException {
        input.readAllBytes();
        Deadline deadline = Deadline.ofInvocation(context, Duration.ofSeconds(2), Duration.ofSeconds(50));
        CatalogPublisher.Outcome outcome = publisher.get().run(deadline);
        Log.info("catalog", Map.of("outcome", outcome.json(), "kind",
                outcome.getClass().getSimpleName()));
        if (outcome instanceof CatalogPublisher.Outcome.Failed failed) {
            throw new FunctionsException("catalog run failed: " + failed.reason());
        }
        output.write(Wire.write(outcome.json()).getBytes(StandardCharsets.UTF_8));
    }
}
