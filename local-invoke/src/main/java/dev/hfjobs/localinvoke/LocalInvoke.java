package dev.hfjobs.localinvoke;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one function the way Lambda's Java runtime does, without Docker: the deployment package
 * unpacked into a fresh task root, the AWS Lambda runtime interface client in a child JVM (Lambda's
 * flags, working folder and environment variables), and a local Runtime API handing it events.
 *
 * <p>An instance is one execution environment. The first {@link #invoke} starts it (a cold start,
 * with an init duration); later ones reuse the same JVM (warm), until an invocation times out, the
 * runtime dies, or {@link #close} is called, after which the next invoke is cold again.
 * Invocations run one at a time. {@link #invokeOnce} is the one-shot form.
 *
 * <pre>{@code
 * FunctionConfig api = LocalInvoke.function(Path.of("template.yaml"), "ApiFunction",
 *         Overrides.fromEnvFile(Path.of("events/env.json")));
 * try (LocalInvoke lambda = LocalInvoke.of(api)) {
 *     InvokeResult cold = lambda.invoke(event);
 *     InvokeResult warm = lambda.invoke(event);
 * }
 * }</pre>
 */
public final class LocalInvoke implements AutoCloseable {

    /** Lambda gives init 10 s, then retries it within the invocation's own timeout. */
    private static final long INIT_LIMIT_MS = 10_000;
    /** An init error is followed at once by the runtime's exit; its last words are worth waiting for. */
    private static final long EXIT_GRACE_MS = 2_000;
    /** After an answer the runtime logs what it has to and polls again, normally within a millisecond. */
    private static final long NEXT_POLL_GRACE_MS = 1_000;

    private final FunctionConfig function;
    private final Options options;
    private final Jdks.Jdk jdk;
    private final RuntimeFiles runtime;
    private final AtomicReference<Sandbox> sandbox = new AtomicReference<>();
    private volatile boolean closed;

    private LocalInvoke(FunctionConfig function, Options options, Jdks.Jdk jdk, RuntimeFiles runtime) {
        this.function = function;
        this.options = options;
        this.jdk = jdk;
        this.runtime = runtime;
    }

    /**
     * Prepares an execution environment for the function; nothing starts until the first invoke.
     *
     * @throws LocalInvokeException when no suitable JDK or runtime interface client is found
     */
    public static LocalInvoke of(FunctionConfig function, Options options) {
        Jdks.Jdk jdk = Jdks.choose(function.javaVersion(), options.javaHome(), options.hostEnvironment().get("JAVA_HOME"));
        return new LocalInvoke(function, options, jdk, RuntimeFiles.locate(options.runtimeDir()));
    }

    public static LocalInvoke of(FunctionConfig function) {
        return of(function, Options.defaults());
    }

    /** One cold invocation in a fresh environment, which is then discarded. */
    public static InvokeResult invokeOnce(FunctionConfig function, String event, Options options) {
        try (LocalInvoke lambda = of(function, options)) {
            return lambda.invoke(event);
        }
    }

    /** A template's function, resolved as {@code sam local invoke} would; see {@link SamTemplate#function}. */
    public static FunctionConfig function(Path template, String logicalId, Overrides overrides) {
        return SamTemplate.load(template).function(logicalId, overrides);
    }

    public FunctionConfig function() {
        return function;
    }

    /** The JDK the function runs on. */
    public Path javaHome() {
        return jdk.home();
    }

    /** That JDK's feature version, e.g. 21 (it may be newer than the runtime's when 21 is not installed). */
    public int javaVersion() {
        return jdk.version();
    }

    /** The command line of the runtime JVM, as {@code --debug} shows it. */
    List<String> runtimeCommand() {
        return Sandbox.command(function, jdk, runtime);
    }

    /**
     * Invokes the function with an event (usually JSON) and waits for the outcome: at most the
     * function's timeout once the runtime has the event, plus up to 10 s of init on a cold start.
     *
     * @throws LocalInvokeException when the environment cannot be started (e.g. the package is missing)
     */
    public synchronized InvokeResult invoke(String event) {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        Sandbox current = sandbox.get();
        boolean cold = current == null || !current.alive();
        if (cold) {
            discardSandbox();
            current = Sandbox.start(function, options, jdk, runtime);
            sandbox.set(current);
        }
        long logStart = cold ? 0 : current.output().size();
        Invocation invocation = new Invocation(event.getBytes(StandardCharsets.UTF_8), function.timeoutSeconds() * 1000L);
        current.submit(invocation, INIT_LIMIT_MS + invocation.timeoutMs());
        return finish(current, invocation, invocation.await(), cold, logStart);
    }

    private InvokeResult finish(Sandbox current, Invocation invocation, Invocation.Completion completion, boolean cold,
            long logStart) {
        Outcome outcome = completion.outcome();
        long memory = current.peakMemoryMb();
        boolean reusable = outcome == Outcome.SUCCESS || outcome == Outcome.FUNCTION_ERROR;
        if (reusable) {
            current.api().awaitPollsAbove(invocation.poll(), NEXT_POLL_GRACE_MS);
        } else if (outcome == Outcome.INIT_ERROR) {
            current.awaitExit(EXIT_GRACE_MS);
        }
        if (!reusable) {
            current.kill();
        }
        current.output().flush();
        String logs = current.output().since(logStart);
        if (!reusable && sandbox.compareAndSet(current, null)) {
            current.close();
        }
        long initEnd = current.api().firstPollNanos() != 0 ? current.api().firstPollNanos() : completion.atNanos();
        double initMs = cold ? millis(initEnd - current.startedNanos()) : 0;
        double durationMs = invocation.handedOut() ? millis(completion.atNanos() - invocation.handedOutNanos()) : 0;
        return new InvokeResult(invocation.requestId(), outcome, new String(completion.body(), StandardCharsets.UTF_8),
                cold, initMs, durationMs, memory, function.memorySizeMb(), logs);
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }

    private void discardSandbox() {
        Sandbox old = sandbox.getAndSet(null);
        if (old != null) {
            old.close();
        }
    }

    /** Kills the runtime and deletes the task root. Safe to call from another thread, e.g. a shutdown hook. */
    @Override
    public void close() {
        closed = true;
        discardSandbox();
    }
}
