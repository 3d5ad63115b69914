package dev.hfjobs.wiring;

import dev.hfjobs.Log;
import java.util.LinkedHashMap;
import java.util.Map;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart priming: a CRaC resource whose {@code beforeCheckpoint} runs a handler's warm-up, so
 * the snapshot holds loaded and initialized classes (Jackson over the model, the AWS SDK clients,
 * the HTTP stacks) and a restored environment does not load them on its first call.
 *
 * <p>A warm-up has no side effect: no request to the Hub or to AWS (nothing created, no event
 * sent), no token read (a token read before the checkpoint would live on in every snapshot), no
 * random id (uniqueness is created after restore). Registering is a no-op on JVMs without CRaC, so
 * this is safe everywhere. CRaC holds resources weakly: a handler keeps the returned instance in a
 * field.
 *
 * <p>An environment Lambda prepares ahead of its traffic (provisioned concurrency, which cannot be
 * combined with SnapStart) is primed during its init instead ({@link #primeAheadOfTraffic}): there
 * the init phase is on no request's path and may run for minutes, and without priming the first
 * requests would load and interpret the whole path as an on-demand cold start does.
 */
public final class Priming implements Resource {
    private final Runnable warmUp;

    private Priming(Runnable warmUp) {
        this.warmUp = warmUp;
    }

    /** Registers {@code warmUp} to run before the snapshot is taken; keep the result referenced. */
    public static Priming register(Runnable warmUp) {
        Priming priming = new Priming(warmUp);
        Core.getGlobalContext().register(priming);
        return priming;
    }

    /** Runs the warm-up now (what {@code beforeCheckpoint} does); a failure only costs the first call time. */
    public void prime() {
        try {
            warmUp.run();
        } catch (RuntimeException | LinkageError e) {
            // A LinkageError too (a class the runtime lacks): failing beforeCheckpoint would fail
            // the snapshot, and with it the deployment, for what is only a speed-up.
            Log.warn("priming failed; the first call pays for what it would have loaded", Log.failure(e));
        }
    }

    /**
     * Primes now when {@code env} says Lambda initializes this environment ahead of its traffic
     * ({@code AWS_LAMBDA_INITIALIZATION_TYPE=provisioned-concurrency}); does nothing otherwise: an
     * on-demand init is its first request's wait, and SnapStart primes before its snapshot.
     *
     * @return whether it primed
     */
    public boolean primeAheadOfTraffic(Map<String, String> env) {
        if (!Prefetch.PROVISIONED.equals(env.get(Prefetch.INITIALIZATION_TYPE))) {
            return false;
        }
        primeAndLog(Map.of("for", Prefetch.PROVISIONED));
        return true;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        primeAndLog(Map.of());
    }

    /** Primes, then logs {@code primed} with how long it took and {@code fields}. */
    private void primeAndLog(Map<String, Object> fields) {
        long started = System.nanoTime();
        prime();
        Map<String, Object> line = new LinkedHashMap<>(fields);
        line.put("millis", (System.nanoTime() - started) / 1_000_000);
        Log.info("primed", line);
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to renew: no connection, token or random state was created before the checkpoint.
    }
}
