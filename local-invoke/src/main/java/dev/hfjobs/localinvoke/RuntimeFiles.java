package dev.hfjobs.localinvoke;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The local {@code /var/runtime}: the runtime interface client, aws-lambda-java-core, the
 * serialization library and their JNI library, which the build puts in {@code local-invoke/target/ric}.
 */
record RuntimeFiles(Path dir, List<Path> jars, Path jniLibrary) {

    static final String RIC_JAR_PREFIX = "aws-lambda-java-runtime-interface-client-";
    static final String DIR_PROPERTY = "localinvoke.runtime.dir";

    static RuntimeFiles locate(Optional<Path> explicit) {
        Path dir = explicit.or(() -> Optional.ofNullable(System.getProperty(DIR_PROPERTY)).map(Path::of))
                .orElseGet(RuntimeFiles::besideOwnClasses);
        List<Path> jars = jars(dir);
        if (jars.stream().noneMatch(jar -> jar.getFileName().toString().startsWith(RIC_JAR_PREFIX))) {
            throw new LocalInvokeException("the Lambda runtime interface client is not in " + dir
                    + "; build it with: mvn -pl local-invoke -am package -DskipTests");
        }
        Path jni = dir.resolve("jni").resolve("libaws-lambda-jni." + platform() + ".so");
        if (!Files.isRegularFile(jni)) {
            throw new LocalInvokeException("no runtime interface client library for this platform: " + jni);
        }
        return new RuntimeFiles(dir, jars, jni);
    }

    /** {@code target/ric} next to {@code target/classes} (or the module's jar) this class was loaded from. */
    private static Path besideOwnClasses() {
        try {
            Path code = Path.of(RuntimeFiles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return code.getParent().resolve("ric");
        } catch (URISyntaxException | NullPointerException e) {
            throw new LocalInvokeException("cannot tell where local-invoke runs from; set -D" + DIR_PROPERTY, e);
        }
    }

    private static List<Path> jars(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new LocalInvokeException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The client's names for this machine: linux-x86_64, linux-aarch_64, and their musl variants. */
    private static String platform() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String cpu = arch.equals("aarch64") || arch.equals("arm64") ? "aarch_64" : "x86_64";
        boolean musl;
        try (Stream<Path> lib = Files.list(Path.of("/lib"))) {
            musl = lib.anyMatch(file -> file.getFileName().toString().startsWith("ld-musl-"));
        } catch (IOException e) {
            musl = false;
        }
        return (musl ? "linux_musl-" : "linux-") + cpu;
    }

    String classpath() {
        return String.join(":", jars.stream().map(Path::toString).toList());
    }
}
