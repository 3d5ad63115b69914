package dev.hfjobs.localinvoke;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How the local runtime runs, beyond the function itself. The defaults: the JDK found by
 * {@link #javaHome()}'s rules, the runtime interface client built into {@code local-invoke/target/ric},
 * the invoker's own environment for AWS credentials, and runtime output kept only in the results.
 */
public final class Options {

    private final Path javaHome;
    private final Path runtimeDir;
    private final Map<String, String> hostEnvironment;
    private final Consumer<String> logListener;

    private Options(Path javaHome, Path runtimeDir, Map<String, String> hostEnvironment, Consumer<String> logListener) {
        this.javaHome = javaHome;
        this.runtimeDir = runtimeDir;
        this.hostEnvironment = Map.copyOf(hostEnvironment);
        this.logListener = logListener;
    }

    public static Options defaults() {
        return new Options(null, null, System.getenv(), line -> { });
    }

    /** Run the function on this JDK instead of choosing one. */
    public Options withJavaHome(Path home) {
        return new Options(home, runtimeDir, hostEnvironment, logListener);
    }

    /** The folder with the runtime interface client jars and its {@code jni/} library. */
    public Options withRuntimeDir(Path dir) {
        return new Options(javaHome, dir, hostEnvironment, logListener);
    }

    /** Where AWS credentials ({@code AWS_ACCESS_KEY_ID}, ...) are taken from; default the invoker's own environment. */
    public Options withHostEnvironment(Map<String, String> environment) {
        return new Options(javaHome, runtimeDir, environment, logListener);
    }

    /** Receives each line the runtime prints, as it prints it (the results hold them too). */
    public Options withLogListener(Consumer<String> listener) {
        return new Options(javaHome, runtimeDir, hostEnvironment, listener);
    }

    /**
     * The JDK given with {@link #withJavaHome}; when empty one is chosen among installed JDKs: the
     * one matching the runtime's version, else the newest newer one.
     */
    public Optional<Path> javaHome() {
        return Optional.ofNullable(javaHome);
    }

    public Optional<Path> runtimeDir() {
        return Optional.ofNullable(runtimeDir);
    }

    public Map<String, String> hostEnvironment() {
        return hostEnvironment;
    }

    Consumer<String> logListener() {
        return logListener;
    }
}
