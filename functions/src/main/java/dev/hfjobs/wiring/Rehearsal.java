package dev.hfjobs.wiring;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.hfjobs.Log;
import dev.hfjobs.aws.AwsClients;
import dev.hfjobs.aws.OfflineWarmUp;
import dev.hfjobs.model.Wire;
import dev.hfjobs.submit.Tracking;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * SnapStart invoke priming: a handler's own request path, run many times before the snapshot
 * against stand-ins, so that the snapshot holds it compiled and a restored environment's first
 * calls do not run it in the interpreter. A class warm-up runs each method once; the JIT compiles
 * a method only after it was called a number of times (10 with the template's JVM flags, 200
 * without them), which a real environment reaches only after as many requests. The request is
 * repeated in rounds of that many until a round makes the JIT compile nothing more, or
 * {@value #MAX_REQUESTS} times at most.
 *
 * <p>What the rehearsal runs on is its own and thrown away: a wiring built from variables that name
 * nothing real, whose Hub and AWS endpoints are the stand-in of {@link WarmUp} on the loopback
 * interface ({@link OfflineWarmUp#rehearsalClients}), reached through the production HTTP code so
 * that it is compiled too. It sends nothing off the machine, reads no real token, creates no random
 * id ({@link Tracking#rehearse}), and its requests write no log line or metric (they would count as
 * real traffic in CloudWatch); the rehearsal logs one line of its own when it is done,
 * {@code rehearsed}, with how many requests it made.
 */
public final class Rehearsal {
    /**
     * Requests a rehearsal makes at most: past HotSpot's default C1 threshold for methods called
     * once per request (200 calls), with some to spare for those compiled a little later.
     */
    static final int MAX_REQUESTS = 250;

    private Rehearsal() {}

    /**
     * A submit to repeat: {@code event} handed to {@code handler} as the runtime hands it over, with
     * {@link WarmUp#SUBMIT} (a valid job) as a JSON string where the event says {@code %s}.
     *
     * @param expected whether an answer is the one the real path gives; any other ends the rehearsal
     */
    public static Runnable submit(RequestStreamHandler handler, String event, Predicate<JsonNode> expected) {
        return request(handler, event.formatted(Wire.write(WarmUp.SUBMIT)), expected);
    }

    /**
     * A request to repeat: {@code event} handed to {@code handler} as the runtime hands it over.
     *
     * @param expected whether an answer is the one the real path gives; any other ends the rehearsal
     */
    public static Runnable request(RequestStreamHandler handler, String event, Predicate<JsonNode> expected) {
        byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
        return () -> {
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            try {
                handler.handleRequest(new ByteArrayInputStream(bytes), answer, null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String text = answer.toString(StandardCharsets.UTF_8);
            if (!expected.test(Wire.parse(text))) {
                // Only stand-ins answered: nothing secret in it.
                throw new IllegalStateException("a rehearsed request answered " + text);
            }
        };
    }

    /**
     * Runs {@code request} over a throwaway wiring until the JIT has compiled what it runs (see the
     * class); logs how many times and how long it took, once the log is the real one again.
     *
     * @param handler builds the request to repeat over the wiring it is given (a handler built on
     *     it, not the real one, whose wiring must stay the real clients); the request throws when
     *     its answer is not what the real path gives, which ends the rehearsal
     * @return how many times the request ran
     */
    public static int run(Function<Wiring, Runnable> handler) {
        long started = System.nanoTime();
        Jit jit = Jit.ofThisJvm();
        HttpServer standIn = WarmUp.standIn();
        URI endpoint = WarmUp.endpoint(standIn);
        AwsClients aws = OfflineWarmUp.rehearsalClients(endpoint);
        Consumer<String> sink = Log.redirect(line -> { });
        int requests;
        try {
            Wiring wiring = Wiring.fromEnvironment(Map.of("HF_ENDPOINT", endpoint.toString(),
                    "HF_TOKEN_SECRET_ID", "priming", "HF_NAMESPACE", "priming", "JOBS_TABLE_NAME", "priming",
                    "EVENT_BUS_NAME", "priming"), aws);
            Runnable request = handler.apply(wiring);
            requests = Tracking.rehearse(() -> repeat(request, jit));
        } finally {
            Log.redirect(sink);
            standIn.stop(0);
            aws.closeAll();
        }
        Log.info("rehearsed", Map.of("requests", requests, "jitThreshold", jit.threshold(),
                "millis", (System.nanoTime() - started) / 1_000_000));
        return requests;
    }

    /**
     * Runs {@code request} in rounds of the JIT's threshold, at least two, until a round during
     * which the JIT compiled nothing (what the requests run is compiled, or never will be), and
     * {@value #MAX_REQUESTS} times at most (also when the JVM does not say what it compiled).
     *
     * @return how many times it ran
     */
    static int repeat(Runnable request, Jit jit) {
        int round = Math.clamp(jit.threshold(), 1, MAX_REQUESTS);
        int made = 0;
        long compiled = jit.compiledMillis().getAsLong();
        while (made < MAX_REQUESTS) {
            int requests = Math.min(round, MAX_REQUESTS - made);
            for (int i = 0; i < requests; i++) {
                request.run();
            }
            made += requests;
            long now = jit.compiledMillis().getAsLong();
            if (made >= 2 * round && now >= 0 && now == compiled) {
                return made;
            }
            compiled = now;
        }
        return made;
    }
}
