package dev.hfjobs.localinvoke;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One execution environment: a fresh temp folder with the unpacked package as task root, a
 * Runtime API, and a JVM running the runtime interface client the way Lambda's Java runtimes
 * start it (same main class, JVM flags, working folder and environment variables).
 */
final class Sandbox implements AutoCloseable {

    private static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    private static final String JNI_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";
    /** Lambda's Java runtimes give the heap 85% of the function's memory (-XX:MaxHeapSize=445645k at 512 MB). */
    private static final double HEAP_SHARE = 0.85;

    private final Path dir;
    private final RuntimeApi api;
    private final Process process;
    private final long startedNanos;
    private final OutputTail output;

    private Sandbox(Path dir, RuntimeApi api, Process process, long startedNanos, OutputTail output) {
        this.dir = dir;
        this.api = api;
        this.process = process;
        this.startedNanos = startedNanos;
        this.output = output;
    }

    static Sandbox start(FunctionConfig function, Options options, Jdks.Jdk jdk, RuntimeFiles runtime) {
        Path dir = null;
        RuntimeApi api = null;
        try {
            dir = Files.createTempDirectory("local-invoke-" + function.logicalId() + "-");
            Path taskRoot = TaskRoot.unpack(function.codeUri(), dir.resolve("task"));
            Path log = Files.createFile(dir.resolve("runtime-output.log"));
            api = RuntimeApi.start(function.functionArn());
            ProcessBuilder builder = new ProcessBuilder(command(function, jdk, runtime))
                    .directory(taskRoot.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().clear();
            builder.environment().putAll(environment(function, options.hostEnvironment(), jdk, runtime, taskRoot,
                    api.address()));
            long started = System.nanoTime();
            Process process = builder.start();
            RuntimeApi exitWatch = api;
            process.onExit().thenAccept(done -> exitWatch.runtimeExited(done.exitValue()));
            return new Sandbox(dir, api, process, started, OutputTail.start(log, options.logListener()));
        } catch (IOException | RuntimeException e) {
            if (api != null) {
                api.close();
            }
            if (dir != null) {
                TaskRoot.delete(dir);
            }
            throw e instanceof LocalInvokeException known ? known
                    : new LocalInvokeException("cannot start " + function.logicalId() + ": " + e.getMessage(), e);
        }
    }

    static List<String> command(FunctionConfig function, Jdks.Jdk jdk, RuntimeFiles runtime) {
        List<String> command = new ArrayList<>(List.of(jdk.java().toString(),
                "-XX:MaxHeapSize=" + Math.round(function.memorySizeMb() * 1024 * HEAP_SHARE) + "k",
                "-XX:+UseSerialGC",
                "-Xshare:auto",
                "-XX:+TieredCompilation",
                "-XX:TieredStopAtLevel=1",
                "--add-opens=java.base/java.io=ALL-UNNAMED",
                "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac",
                "-Djava.net.preferIPv4Stack=true",
                "-XX:+ErrorFileToStderr",
                "-D" + JNI_PROPERTY + "=" + runtime.jniLibrary()));
        if (jdk.version() >= 24) {
            // The client loads a JNI library and calls sun.misc.Unsafe; JDK 24+ warns about both on every start.
            command.add("--enable-native-access=ALL-UNNAMED");
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(List.of("-classpath", runtime.classpath(), RIC_MAIN, function.handler()));
        return command;
    }

    /**
     * The function's declared variables, then Lambda's own ones, which a function cannot override
     * (except the initialization type, which a SnapStart stand-in sets to {@code snap-start}).
     * Credentials come from the host when it has them, else SAM's placeholders (so the SDK never
     * goes looking for an instance metadata service).
     */
    static Map<String, String> environment(FunctionConfig function, Map<String, String> host, Jdks.Jdk jdk,
            RuntimeFiles runtime, Path taskRoot, String runtimeApi) {
        Map<String, String> env = new LinkedHashMap<>(function.environment());
        env.put("PATH", jdk.home().resolve("bin") + ":/usr/local/bin:/usr/bin/:/bin:/opt/bin");
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("LAMBDA_RUNTIME_DIR", runtime.dir().toString());
        env.put("_HANDLER", function.handler());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + function.runtime());
        env.put("AWS_LAMBDA_FUNCTION_NAME", function.functionName());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memorySizeMb()));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        // A function's environment may say otherwise: a SnapStart stand-in (scripts/bench) says snap-start.
        env.putIfAbsent("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.functionName());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", logStreamName());
        env.put("AWS_REGION", function.region());
        env.put("AWS_DEFAULT_REGION", function.region());
        env.put("AWS_ACCESS_KEY_ID", host.getOrDefault("AWS_ACCESS_KEY_ID", "defaultkey"));
        env.put("AWS_SECRET_ACCESS_KEY", host.getOrDefault("AWS_SECRET_ACCESS_KEY", "defaultsecret"));
        if (host.containsKey("AWS_SESSION_TOKEN")) {
            env.put("AWS_SESSION_TOKEN", host.get("AWS_SESSION_TOKEN"));
        }
        env.put("AWS_SAM_LOCAL", "true");
        if (function.logFormat().equalsIgnoreCase("JSON")) {
            env.put("AWS_LAMBDA_LOG_FORMAT", "JSON");
        }
        if (!function.logLevel().isEmpty()) {
            env.put("AWS_LAMBDA_LOG_LEVEL", function.logLevel().toUpperCase(Locale.ROOT));
        }
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        return env;
    }

    private static String logStreamName() {
        byte[] id = new byte[16];
        ThreadLocalRandom.current().nextBytes(id);
        return LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy/MM/dd"))
                + "/[$LATEST]" + HexFormat.of().formatHex(id);
    }

    RuntimeApi api() {
        return api;
    }

    /** Queues the invocation; a runtime that has died since its last answer fails it at once. */
    void submit(Invocation invocation, long pickUpLimitMs) {
        api.submit(invocation, pickUpLimitMs);
        if (!process.isAlive()) {
            api.runtimeExited(process.exitValue());
        }
    }

    OutputTail output() {
        return output;
    }

    long startedNanos() {
        return startedNanos;
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** The process's peak resident memory (VmHWM) in MB, rounded up; 0 once it is gone. */
    long peakMemoryMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kilobytes = Long.parseLong(line.replaceAll("\\D", ""));
                    return (kilobytes + 1023) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Gone already, or not Linux.
        }
        return 0;
    }

    /** Waits (briefly) for the runtime to exit on its own, as it does after reporting an init error. */
    void awaitExit(long millis) {
        try {
            process.waitFor(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the runtime (as Lambda does when it resets a sandbox), waits for it, keeps its output. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
        output.stop();
        api.close();
        TaskRoot.delete(dir);
    }
}
