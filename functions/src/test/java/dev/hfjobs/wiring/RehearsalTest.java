package dev.hfjobs.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hfjobs.Deadline;
import dev.hfjobs.Log;
import dev.hfjobs.aws.AwsClients;
import dev.hfjobs.aws.OfflineWarmUp;
import dev.hfjobs.aws.SecretsManagerTokenProvider;
import dev.hfjobs.model.Wire;
import dev.hfjobs.ports.EventPublisher.HfEvent;
import dev.hfjobs.submit.Tracking;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RehearsalTest {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private Consumer<String> previous;

    @BeforeEach
    void captureLogLines() {
        previous = Log.redirect(lines::add);
    }

    @AfterEach
    void restoreLog() {
        Log.redirect(previous);
    }

    @Test
    void repeatsTheRequestOverAStandInHubWithCountedIdsAndWritesNoLogLine() throws Exception {
        AtomicReference<URI> hub = new AtomicReference<>();
        List<String> ids = new CopyOnWriteArrayList<>();

        int made = Rehearsal.run(wiring -> {
            hub.set(wiring.hub().endpoint());
            return () -> {
                ids.add(Tracking.newId());
                // Threads a request starts draw from the same count (a route runs on a virtual thread).
                Thread thread = Thread.ofVirtual().start(() -> ids.add(Tracking.newId()));
                join(thread);
                Log.info("rehearsed", Map.of());
            };
        });

        assertThat(hub.get().getHost()).as("the Hub the rehearsal calls").isEqualTo("127.0.0.1");
        assertThat(made).isBetween(2, Rehearsal.MAX_REQUESTS);
        assertThat(ids).hasSize(2 * made).doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(id).matches("0{16}[0-9a-f]{16}"))
                .startsWith("0".repeat(32), "0".repeat(31) + "1");
        assertThat(lines).as("log lines written during and after the rehearsal: its own, none of its requests'")
                .singleElement().satisfies(line -> {
                    JsonNode json = Wire.parse(line);
                    assertThat(json.path("message").asText()).isEqualTo("rehearsed");
                    assertThat(json.path("requests").asInt()).isEqualTo(made);
                });
        assertThat(Tracking.newId()).as("an id after the rehearsal is random again").doesNotStartWith("0".repeat(16));
        Log.info("after", Map.of());
        assertThat(lines).as("the log's own sink is back").hasSize(2);
        assertStopped(hub.get());
    }

    @Test
    void theWiringsAwsCallsAreAnsweredLikeSuccessesByTheStandIn() {
        AtomicReference<List<HfEvent>> unpublished = new AtomicReference<>();
        AtomicReference<String> token = new AtomicReference<>();

        Rehearsal.run(wiring -> {
            Deadline deadline = Deadline.after(Duration.ofSeconds(5));
            unpublished.set(wiring.events().publish(List.of(new HfEvent("HF Job Submitted", "rehearsal",
                    Wire.mapper().createObjectNode())), deadline));
            AwsClients aws = OfflineWarmUp.rehearsalClients(wiring.hub().endpoint());
            token.set(new SecretsManagerTokenProvider(aws.secretsManager(), "priming").token(deadline));
            aws.closeAll();
            return () -> { };
        });

        assertThat(unpublished.get()).as("events the stand-in refused").isEmpty();
        assertThat(token.get()).as("the token secret's value").isEqualTo("priming");
    }

    @Test
    void aThreadStartedDuringTheRehearsalDrawsRandomIdsOnceItHasEnded() throws Exception {
        CountDownLatch drawn = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        List<String> ids = new CopyOnWriteArrayList<>();
        AtomicReference<Thread> outliving = new AtomicReference<>();

        Rehearsal.run(wiring -> () -> {
            if (outliving.get() == null) {
                outliving.set(Thread.ofPlatform().start(() -> {
                    ids.add(Tracking.newId());
                    drawn.countDown();
                    await(ended);
                    ids.add(Tracking.newId());
                }));
                await(drawn);
            }
        });
        ended.countDown();
        outliving.get().join();

        assertThat(ids).hasSize(2);
        assertThat(ids.getFirst()).as("during the rehearsal").startsWith("0".repeat(16));
        assertThat(ids.getLast()).as("after it").doesNotStartWith("0".repeat(16));
    }

    @Test
    void aRequestThatFailsEndsTheRehearsalAndPutsEverythingBack() throws Exception {
        AtomicReference<URI> hub = new AtomicReference<>();
        AtomicInteger made = new AtomicInteger();

        assertThatThrownBy(() -> Rehearsal.run(wiring -> {
            hub.set(wiring.hub().endpoint());
            return () -> {
                if (made.incrementAndGet() == 3) {
                    throw new IllegalStateException("the rehearsed submit answered 503, not 201");
                }
            };
        })).hasMessageContaining("answered 503");

        assertThat(made).as("requests made, the failed one the last").hasValue(3);
        Log.info("after", Map.of());
        assertThat(lines).hasSize(1);
        assertThat(Tracking.newId()).doesNotStartWith("0".repeat(16));
        assertStopped(hub.get());
    }

    @Test
    void repeatsInRoundsOfTheJitThresholdUntilARoundDuringWhichNothingWasCompiled() {
        AtomicInteger made = new AtomicInteger();
        // Compilation time before the first round, then after each: the fourth round compiles nothing.
        Jit jit = new Jit(10, scripted(0, 40, 75, 90, 90));

        assertThat(Rehearsal.repeat(made::incrementAndGet, jit)).isEqualTo(40);
        assertThat(made).hasValue(40);
    }

    @Test
    void makesAtLeastTwoRoundsEvenWhenTheFirstCompilesNothing() {
        // The first round's compilations may not have started by its end.
        assertThat(Rehearsal.repeat(() -> { }, new Jit(10, () -> 7))).isEqualTo(20);
    }

    @Test
    void stopsAtTheMaximumWhileTheJitKeepsCompiling() {
        AtomicLong compiled = new AtomicLong();

        assertThat(Rehearsal.repeat(() -> { }, new Jit(10, compiled::incrementAndGet)))
                .isEqualTo(Rehearsal.MAX_REQUESTS);
    }

    @Test
    void runsTheMaximumWhenTheJvmDoesNotSayWhatItCompiled() {
        assertThat(Rehearsal.repeat(() -> { }, new Jit(10, () -> -1))).isEqualTo(Rehearsal.MAX_REQUESTS);
    }

    @Test
    void withHotSpotsDefaultThresholdRunsTheMaximumAsBefore() {
        assertThat(Rehearsal.repeat(() -> { }, new Jit(Jit.DEFAULT_THRESHOLD, () -> 0)))
                .as("a round of 200, then the 50 left").isEqualTo(Rehearsal.MAX_REQUESTS);
        assertThat(Rehearsal.repeat(() -> { }, new Jit(100_000, () -> 0))).isEqualTo(Rehearsal.MAX_REQUESTS);
    }

    @Test
    void thisJvmsThresholdIsTheScaledC1Threshold() {
        double scaling = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-XX:CompileThresholdScaling="))
                .map(a -> Double.parseDouble(a.substring(a.indexOf('=') + 1))).reduce((a, b) -> b).orElse(1.0);
        Jit jit = Jit.ofThisJvm();

        assertThat(jit.threshold()).isEqualTo((int) Math.round(Jit.DEFAULT_THRESHOLD * scaling));
        assertThat(jit.compiledMillis().getAsLong()).as("compilation time so far").isPositive();
    }

    @Test
    void aRequestHandsItsEventToTheHandlerAndAcceptsOnlyTheExpectedAnswer() {
        List<String> received = new CopyOnWriteArrayList<>();
        RequestStreamHandler echo = (input, output, context) -> {
            String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
            received.add(event);
            output.write(event.getBytes(StandardCharsets.UTF_8));
        };

        Rehearsal.request(echo, "{\"statusCode\": 201}", answer -> answer.path("statusCode").asInt() == 201).run();

        assertThat(received).containsExactly("{\"statusCode\": 201}");
        assertThatThrownBy(Rehearsal.request(echo, "{\"statusCode\": 503}",
                answer -> answer.path("statusCode").asInt() == 201)::run)
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("503");
    }

    /** The values in turn; the last one from then on. */
    private static LongSupplier scripted(long... values) {
        AtomicInteger next = new AtomicInteger();
        return () -> values[Math.min(next.getAndIncrement(), values.length - 1)];
    }

    private static void assertStopped(URI standIn) {
        assertThatThrownBy(() -> new Socket(standIn.getHost(), standIn.getPort()).close())
                .as("the stand-in Hub is stopped").isInstanceOf(IOException.class);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
