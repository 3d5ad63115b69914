package dev.hfjobs.localinvoke;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Finds a JDK to run a function on: the runtime's own Java version when installed, else the newest newer one. */
final class Jdks {

    private static final Pattern VERSION = Pattern.compile("JAVA_VERSION=\"(?:1\\.)?(\\d+)");

    private Jdks() {
    }

    record Jdk(Path home, int version) {
        Path java() {
            return home.resolve("bin").resolve("java");
        }
    }

    static Jdk choose(int wanted, Optional<Path> explicit, String javaHomeVariable) {
        if (explicit.isPresent()) {
            return version(explicit.get()).map(v -> new Jdk(explicit.get(), v))
                    .orElseThrow(() -> new LocalInvokeException("not a JDK: " + explicit.get()));
        }
        List<Jdk> found = installed(javaHomeVariable);
        return found.stream().filter(jdk -> jdk.version() == wanted).findFirst()
                .or(() -> found.stream().filter(jdk -> jdk.version() > wanted)
                        .max(Comparator.comparingInt(Jdk::version)))
                .orElseThrow(() -> new LocalInvokeException("no JDK " + wanted + " or newer found (looked at "
                        + "java.home, $JAVA_HOME and /usr/lib/jvm); install one or pass --java-home"));
    }

    /** This JVM's own home first, then $JAVA_HOME, then the usual folders. */
    private static List<Jdk> installed(String javaHomeVariable) {
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of(System.getProperty("java.home")));
        if (javaHomeVariable != null && !javaHomeVariable.isBlank()) {
            candidates.add(Path.of(javaHomeVariable));
        }
        String home = System.getProperty("user.home");
        for (Path folder : List.of(Path.of("/usr/lib/jvm"), Path.of("/usr/java"), Path.of("/opt/java"),
                Path.of(home, ".sdkman/candidates/java"), Path.of(home, ".jdks"))) {
            candidates.addAll(children(folder));
        }
        List<Jdk> jdks = new ArrayList<>();
        for (Path candidate : candidates) {
            version(candidate).ifPresent(v -> jdks.add(new Jdk(candidate, v)));
        }
        return jdks;
    }

    private static List<Path> children(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(folder)) {
            return list.sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    static Optional<Integer> version(Path home) {
        Path release = home.resolve("release");
        if (!Files.isExecutable(home.resolve("bin/java")) || !Files.isRegularFile(release)) {
            return Optional.empty();
        }
        try {
            Matcher matcher = VERSION.matcher(Files.readString(release));
            return matcher.find() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
