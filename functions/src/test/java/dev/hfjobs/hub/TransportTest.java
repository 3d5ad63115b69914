package dev.hfjobs.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfjobs.Deadline;
import dev.hfjobs.model.Hardware;
import dev.hfjobs.model.JobInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the client's own transport (HttpURLConnection on the calling thread) must bound by itself:
 * a server that answers too slowly byte by byte, and one that is not there.
 */
class TransportTest {
    static HfJobsClient client(URI endpoint, Duration callTimeout) {
        return HfJobsClient.builder().endpoint(endpoint).tokens(new CountingTokens("hf_test_alice"))
                .retry(RetryPolicy.NONE).callTimeout(callTimeout).build();
    }

    @Test
    void answerDrippedByteByByteEndsAtTheCallsTime() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> drip(server));
            long started = System.nanoTime();

            HubResult<List<Hardware>> result = client(URI.create("http://127.0.0.1:" + server.getLocalPort()),
                    Duration.ofMillis(800)).hardware(Deadline.after(Duration.ofSeconds(20)));

            // Each byte comes well within any read time-out: only the bound on the whole call ends it.
            assertThat(result).isInstanceOfSatisfying(HubResult.Failed.class, f -> assertThat(f.error())
                    .isInstanceOfSatisfying(HubError.Network.class, network -> assertThat(network.kind())
                            .isEqualTo(HubError.NetworkKind.TIMEOUT)));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2_500));
        }
    }

    @Test
    void refusedConnectionIsAConnectErrorThatTookNoEffect() throws IOException {
        int closedPort;
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            closedPort = server.getLocalPort();
        }

        HubResult<JobInfo> result = client(URI.create("http://127.0.0.1:" + closedPort), Duration.ofSeconds(5))
                .createJob("alice", HfJobsClientTest.SPEC, Deadline.after(Duration.ofSeconds(5)));

        assertThat(result).isInstanceOfSatisfying(HubResult.Failed.class, f -> {
            assertThat(f.error()).isInstanceOfSatisfying(HubError.Network.class, network -> assertThat(network.kind())
                    .isEqualTo(HubError.NetworkKind.CONNECT));
            assertThat(f.error().mayHaveTakenEffect()).isFalse();
            assertThat(f.error().isTransient()).isTrue();
        });
    }

    /** Answers the first request with headers at once, then one byte of its body every 100 ms. */
    private static void drip(ServerSocket server) {
        try (Socket socket = server.accept()) {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            StringBuilder request = new StringBuilder();
            while (!request.toString().contains("\r\n\r\n")) {
                int n = in.read(buffer);
                if (n < 0) {
                    return;
                }
                request.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            }
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            for (int i = 0; i < 200; i++) {
                out.write(i == 0 ? '[' : ' ');
                out.flush();
                Thread.sleep(100);
            }
        } catch (IOException | InterruptedException e) {
            // The client hung up: what this test wants.
        }
    }
}
