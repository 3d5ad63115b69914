package dev.hfjobs.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfjobs.devstack.ProjectFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * The deployment zip as the functions module builds it: its runtime jars under {@code lib/} with
 * every entry stored (a cold start reads classes instead of inflating them), the functions' own
 * classes at the root, one version of each library, nothing of the tests. Needs the zip, which
 * {@code mvn verify} builds in the functions module before this one (alone: {@code scripts/package}
 * first).
 */
class DeploymentPackageTest {
    private final Path zip = ProjectFiles.root().resolve("functions/target/hf-jobs-functions.zip");

    @Test
    void everyRuntimeJarInThePackageHasItsEntriesStored() throws IOException {
        assertThat(zip).as("the deployment package (run scripts/package)").isRegularFile();
        List<String> jars = new ArrayList<>();
        try (ZipFile pkg = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : pkg.stream().toList()) {
                if (entry.getName().startsWith("lib/") && entry.getName().endsWith(".jar")) {
                    jars.add(entry.getName());
                    try (InputStream jar = pkg.getInputStream(entry)) {
                        assertThat(deflatedEntries(jar)).as(entry.getName()).isEmpty();
                    }
                }
            }
        }

        assertThat(jars).anyMatch(name -> name.startsWith("lib/jackson-databind-"))
                .anyMatch(name -> name.startsWith("lib/shared-model-"))
                .noneMatch(name -> name.matches("lib/(junit|assertj|hf-jobs-emulator|dev-stack).*"))
                .as("one version of each library")
                .extracting(name -> name.replaceFirst("-\\d[^/]*\\.jar$", "")).doesNotHaveDuplicates();
    }

    @Test
    void theFunctionsClassesSitAtThePackagesRoot() throws IOException {
        try (ZipFile pkg = new ZipFile(zip.toFile())) {
            assertThat(pkg.getEntry("dev/hfjobs/api/ApiFunction.class")).isNotNull();
            assertThat(pkg.getEntry("lib/")).isNotNull();
        }
    }

    private static List<String> deflatedEntries(InputStream jar) throws IOException {
        List<String> deflated = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(jar)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.getMethod() != ZipEntry.STORED) {
                    deflated.add(entry.getName());
                }
            }
        }
        return deflated;
    }
}
