package dev.hfjobs.wiring;

import dev.hfjobs.Deadline;
import dev.hfjobs.Log;
import dev.hfjobs.aws.AwsClients;
import dev.hfjobs.hardware.CatalogSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A plain cold start's head start: while the runtime fetches the first event and the handler reads
 * it, other threads build what that event will need (the AWS clients, the wiring) and read what
 * it will read anyway (the HF token, the hardware catalog). The first invoke then waits only for
 * what is not ready yet, and the two cores of a cold start do not take turns.
 *
 * <p>For on-demand environments ({@code AWS_LAMBDA_INITIALIZATION_TYPE=on-demand}) and those
 * prepared ahead of their traffic ({@code provisioned-concurrency}, where the fetches overlap the
 * init's priming, {@link Priming#primeAheadOfTraffic}); not under SnapStart, where a token read
 * before the snapshot would live on in every restored copy ({@link Priming} warms those, offline).
 * Nothing a task does is a side effect: they only build and read, and whatever they fetch is what
 * the handler would have built or read on the same thread, in the same objects. A task that fails
 * leaves its part to the first invoke, which meets the failure itself.
 */
public final class Prefetch {
    static final String INITIALIZATION_TYPE = "AWS_LAMBDA_INITIALIZATION_TYPE";
    static final String ON_DEMAND = "on-demand";
    static final String PROVISIONED = "provisioned-concurrency";
    // The reads' own limits; a read still unfinished by then is left to the first call.
    private static final Duration TIME = Duration.ofSeconds(5);

    private Prefetch() {}

    /**
     * The two longest chains of a submitting function's first call, started from its class's
     * static initializer (before the rest of the class and the handler's constructor load): the
     * TLS set-up of an https endpoint and the DynamoDB client's build.
     */
    public static List<Thread> early(Map<String, String> env) {
        return start(env, () -> AwsClients.fromEnvironment().prefetchHttp(),
                () -> AwsClients.fromEnvironment().dynamoDb());
    }

    /**
     * What a submitting function's first call needs next to {@link #early}'s chains, each chain on
     * its own thread (the token and the catalog do not depend on each other): the catalog read; the
     * Secrets Manager client and the token read; the EventBridge client, Jackson over the model and
     * {@code handlerParts} (the handler's routes or message processor). The first call waits only
     * for what is still missing, in the same objects it would have filled itself.
     *
     * @return the threads started; none unless {@code env} says on-demand or provisioned concurrency
     */
    public static List<Thread> firstSubmit(Map<String, String> env, AwsClients aws, Supplier<Wiring> wiring,
            Supplier<CatalogSource> catalog, Runnable handlerParts) {
        return start(env,
                () -> {
                    aws.dynamoDb();
                    catalog.get().current(Deadline.after(TIME));
                },
                () -> {
                    aws.secretsManager();
                    wiring.get().hub().prefetchToken(Deadline.after(TIME));
                },
                () -> {
                    aws.eventBridge();
                    WarmUp.model();
                    handlerParts.run();
                });
    }

    /** True for the environments prefetched for: on-demand and provisioned concurrency (see the class). */
    static boolean fetchesAhead(Map<String, String> env) {
        String type = env.get(INITIALIZATION_TYPE);
        return ON_DEMAND.equals(type) || PROVISIONED.equals(type);
    }

    /**
     * Runs each task on its own daemon thread when the environment is on-demand or provisioned
     * concurrency; does nothing otherwise. Returns at once, with the threads started (none otherwise).
     */
    public static List<Thread> start(Map<String, String> env, Runnable... tasks) {
        if (!fetchesAhead(env)) {
            return List.of();
        }
        List<Thread> threads = new ArrayList<>(tasks.length);
        for (Runnable task : tasks) {
            threads.add(Thread.ofPlatform().daemon().name("prefetch").start(() -> run(task)));
        }
        return threads;
    }

    private static void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | LinkageError e) {
            Log.warn("prefetch failed; the first call does it itself", Log.failure(e));
        }
    }
}
