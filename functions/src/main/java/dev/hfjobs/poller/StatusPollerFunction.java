package dev.hfjobs.poller;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.hfjobs.Deadline;
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

/** {@code StatusPollerFunction}: on its schedule, turns stage changes into EventBridge events. */
public final class StatusPollerFunction implements RequestStreamHandler {
    static {
        // Before any HTTP in this process: see UrlConnections.
        UrlConnections.beforeFirstConnection();
    }

    // Kept back from the remaining time: the last publish and record writes after the last Hub call.
    private static final Duration MARGIN = Duration.ofSeconds(5);

    private final Supplier<StatusPoller> poller;
    private final Priming priming;

    /**
     * The runtime's constructor: wires the real clients from the environment, once per container,
     * and primes under provisioned concurrency ({@link Priming#primeAheadOfTraffic}).
     */
    public StatusPollerFunction() {
        this(Wiring::fromEnvironment, System.getenv());
        priming.primeAheadOfTraffic(System.getenv());
    }

    StatusPollerFunction(Supplier<Wiring> wiring, Map<String, String> env) {
        this.poller = new Once<>(() -> StatusPoller.of(wiring.get(), PollerSettings.fromEnvironment(env)));
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
        poller.get();
    }

    /** One run: its log lines share the invocation's request id, its metrics are written before it answers. */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        try (Log.Scope request = Log.begin(); Metrics.Batch metrics = Metrics.begin()) {
            Log.correlate(Log.REQUEST_ID, context == null ? null : context.getAwsRequestId());
            handle(input, output, context);
        }
    }

    private void handle(InputStream input, OutputStream output, Context context) throws IOException {
        input.readAllBytes();
        Deadline deadline = Deadline.ofInvocation(context, MARGIN, Duration.ofSeconds(55));
        PollReport report = poller.get().run(deadline);
        Log.info("poll", Map.of("report", report.json()));
        output.write(Wire.write(report.json()).getBytes(StandardCharsets.UTF_8));
    }
}
