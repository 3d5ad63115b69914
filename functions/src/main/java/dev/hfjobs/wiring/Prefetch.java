package dev.hfjobs.wiring;

import dev.hfjobs.Log;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A plain cold start's head start: while the runtime fetches the first event and the handler reads
 * it, other threads build what that event will need (the AWS SDK clients, the wiring) and read what
 * it will read anyway (the HF token, the hardware catalog). The first invoke then waits only for
 * what is not ready yet, and the two cores of a cold start do not take turns.
 *
 * <p>Only for on-demand environments ({@code AWS_LAMBDA_INITIALIZATION_TYPE=on-demand}): under
 * SnapStart a token read before the snapshot would live on in every restored copy ({@link Priming}
 * warms those, offline), and an environment prepared ahead (provisioned concurrency) has time
 * enough. Nothing a task does is a side effect: they only build and read, and whatever they fetch
 * is what the handler would have built or read on the same thread, in the same objects. A task that
 * fails leaves its part to the first invoke, which meets the failure itself.
 */
public final class Prefetch {
    static final String INITIALIZATION_TYPE = "AWS_LAMBDA_INITIALIZATION_TYPE";

    private Prefetch() {}

    /** True for an on-demand environment, the only kind prefetched for. */
    public static boolean onDemand(Map<String, String> env) {
        return "on-demand".equals(env.get(INITIALIZATION_TYPE));
    }

    /**
     * Runs each task on its own daemon thread when the environment is on-demand; does nothing
     * otherwise. Returns at once, with the threads started (none when not on-demand).
     */
    public static List<Thread> start(Map<String, String> env, Runnable... tasks) {
        if (!onDemand(env)) {
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
