package dev.hfjobs.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs src/test/python/fidelity_check.py: huggingface_hub itself, the reference client, and the
 * {@code hf} CLI installed beside it, against a fresh emulator. The Python comes from HF_HUB_PYTHON,
 * which ./scripts/test prepares. The script sets fast stream periods itself; it takes about 40 s.
 */
class HuggingFaceHubFidelityTest {

    private static final Path SCRIPT = Path.of("src", "test", "python", "fidelity_check.py");
    private static final long TIMEOUT_MINUTES = 3;

    @TempDir
    Path hfHome;

    @Test
    void referenceClientPassesEveryCheck() throws Exception {
        String python = pythonOrSkip();
        try (HfJobsEmulator emulator = HfJobsEmulator.builder().start()) {
            Process process = start(python, emulator.endpoint().toString());
            List<String> output = new CopyOnWriteArrayList<>();
            Thread reader = Thread.ofVirtual().start(() -> copy(process, output));
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                fail("fidelity_check.py did not finish within " + TIMEOUT_MINUTES + " minutes:\n"
                        + String.join("\n", output));
            }
            reader.join();
            assertThat(process.exitValue()).as(String.join("\n", output)).isZero();
            assertThat(output.getLast()).matches("\\d+ passed, 0 failed");
        }
    }

    private static String pythonOrSkip() {
        String python = System.getenv("HF_HUB_PYTHON");
        boolean missing = python == null || python.isBlank();
        if (missing && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("HF_HUB_PYTHON is not set on CI: run the tests through ./scripts/test, which prepares it");
        }
        assumeTrue(!missing, "HF_HUB_PYTHON is not set: run ./scripts/test to check the emulator against "
                + "huggingface_hub (or set HF_HUB_PYTHON to a python with huggingface_hub installed)");
        return python;
    }

    private Process start(String python, String endpoint) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(python, SCRIPT.toString(), endpoint).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("HF_ENDPOINT", endpoint);
        env.put("HF_TOKEN", HubClient.ALICE);
        env.put("HF_HOME", hfHome.toString());
        env.put("HF_HUB_DISABLE_TELEMETRY", "1");
        env.put("HF_HUB_DISABLE_UPDATE_CHECK", "1"); // the CLI would ask PyPI for a newer version
        env.put("NO_PROXY", "127.0.0.1,localhost");
        env.put("no_proxy", "127.0.0.1,localhost");
        env.remove("HF_HUB_OFFLINE");
        return builder.start();
    }

    private static void copy(Process process, List<String> output) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            lines.lines().forEach(line -> {
                System.out.println("[fidelity] " + line);
                output.add(line);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
