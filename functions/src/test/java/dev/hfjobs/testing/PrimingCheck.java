package dev.hfjobs.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfjobs.wiring.Wiring;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkRequest;

/**
 * The rule for SnapStart priming: a handler's warm-up builds what it can and runs Jackson, but
 * sends nothing to the Hub or to AWS (so no job, no event, no record) and reads no token, which
 * would otherwise live on in every snapshot.
 */
public final class PrimingCheck {
    private PrimingCheck() {}

    /**
     * Builds a handler over a real local stack with {@code handler} (wiring supplier in, the
     * handler's prime method out), primes it twice and checks nothing was sent.
     */
    public static void assertPrimingSendsNothing(Function<Supplier<Wiring>, Runnable> handler) {
        try (TestStack stack = TestStack.create()) {
            RequestCounter aws = new RequestCounter();
            AtomicInteger wirings = new AtomicInteger();
            Runnable prime = handler.apply(() -> {
                wirings.incrementAndGet();
                return Wiring.fromEnvironment(stack.env, stack.moto.clients(aws));
            });
            TestStack.hub().clearRequests();

            prime.run();
            prime.run();

            assertThat(wirings).as("the wiring is built by the priming, once").hasValue(1);
            assertThat(TestStack.hub().requests()).as("requests to the Hub").isEmpty();
            assertThat(TestStack.hub().jobs()).as("jobs on the Hub").isEmpty();
            assertThat(aws.requests(SdkRequest.class)).as("requests to AWS (secret reads, events, records)")
                    .isEmpty();
            assertThat(stack.seen()).noneMatch(line -> line.contains(TestStack.TOKEN))
                    .noneMatch(line -> line.contains("priming failed"));
        }
    }
}
