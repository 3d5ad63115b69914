package dev.hfjobs.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void announcesTheEndpointAndServes() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        try (HfJobsEmulator emulator = Main.start(List.of("--page-size", "7", "--auto-advance"),
                new PrintStream(out, true, StandardCharsets.UTF_8))) {
            assertThat(out.toString(StandardCharsets.UTF_8))
                    .isEqualTo("HF Jobs emulator listening on " + emulator.endpoint() + System.lineSeparator());
            assertThat(emulator.endpoint().toString()).matches("http://127\\.0\\.0\\.1:\\d+");
            String settings = new HubClient(emulator.endpoint(), null).post("/_emulator/faults", "{}").body();
            assertThat(settings).contains("\"pageSize\":7", "\"schedulingMillis\":5000");
        }
    }

    @Test
    void bindsTheRequestedPort() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }

        try (HfJobsEmulator emulator = Main.configure(List.of("--port", Integer.toString(port), "--legacy")).start()) {
            assertThat(emulator.endpoint().getPort()).isEqualTo(port);
        }
    }

    @Test
    void rejectsUnknownOrIncompleteArguments() {
        assertThatThrownBy(() -> Main.configure(List.of("--verbose"))).isInstanceOf(EmulatorException.class);
        assertThatThrownBy(() -> Main.configure(List.of("--port"))).isInstanceOf(EmulatorException.class);
        assertThatThrownBy(() -> Main.configure(List.of("--port", "x"))).isInstanceOf(EmulatorException.class);
    }
}
