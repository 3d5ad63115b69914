package dev.hfjobs.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.devstack.DevStackException;
import dev.hfjobs.devstack.Ports;
import dev.hfjobs.devstack.ProjectFiles;
import dev.hfjobs.emulator.AutoAdvance;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalUpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path root = ProjectFiles.root();

    @Test
    void onOtherPortsItWritesTheEnvJsonToUseAndSaysSo(@TempDir Path work) throws Exception {
        LocalUp.Settings settings = LocalUp.Settings.fromEnvJson(root.resolve("template.yaml"),
                root.resolve("events/env.json"), work).withPorts(0, 0);

        try (LocalUp up = LocalUp.start(settings)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            up.describe(new PrintStream(out, true, StandardCharsets.UTF_8));

            assertThat(up.envJson()).isEqualTo(work.resolve("env.json"));
            assertThat(up.overrides().globalEnv()).containsEntry("AWS_ENDPOINT_URL", up.moto().toString())
                    .containsEntry("HF_ENDPOINT", up.hub().endpoint().toString())
                    .containsEntry("JOBS_TABLE_NAME", "hf-jobs").containsEntry("HF_TOKEN_SECRET_ID", "hf-jobs/token");
            assertThat(up.overrides().functionEnv().get("QueueSubmitFunction").get("SUBMIT_DLQ_URL"))
                    .isEqualTo(up.stack().queue("SubmitDeadLetterQueue").url());
            assertThat(out.toString(StandardCharsets.UTF_8)).contains(up.moto().toString(), "hf-jobs-submit-dlq",
                    "env.json for the functions: " + up.envJson(), "./scripts/local-api -n " + up.envJson());
            assertThat(up.aws().secretsManager().getSecretValue(b -> b.secretId("hf-jobs/token")).secretString())
                    .isEqualTo(LocalUp.TOKEN);
        }
    }

    @Test
    void theSampleJobIsThereAndMovesOnByItself(@TempDir Path work) throws Exception {
        LocalUp.Settings settings = LocalUp.Settings.fromEnvJson(root.resolve("template.yaml"),
                root.resolve("events/env.json"), work).withPorts(0, 0)
                .withTimers(AutoAdvance.completing(Duration.ZERO,
                        Duration.ofDays(1)));

        try (LocalUp up = LocalUp.start(settings)) {
            HttpResponse<String> job = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    up.hub().endpoint() + "/api/jobs/alice/" + LocalUp.SAMPLE_JOB_ID))
                    .header("Authorization", "Bearer " + LocalUp.TOKEN).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(job.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(job.body()).at("/status/stage").asText()).isEqualTo("RUNNING");
        }
    }

    @Test
    void aPortInUseStopsItBeforeAnythingStarts(@TempDir Path work) throws IOException {
        int motoPort = Ports.free();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LocalUp.Settings settings = LocalUp.Settings.fromEnvJson(root.resolve("template.yaml"),
                    root.resolve("events/env.json"), work).withPorts(motoPort, taken.getLocalPort());

            assertThatThrownBy(() -> LocalUp.start(settings)).isInstanceOf(DevStackException.class)
                    .hasMessageContaining("port " + taken.getLocalPort() + " on 127.0.0.1 is already in use")
                    .hasMessageContaining("HF Jobs emulator");
            assertThat(Ports.isFree(motoPort)).as("moto_server was not started").isTrue();
        }
    }

    @Test
    void envJsonIsPointedAtWhatReallyRuns() throws IOException {
        ObjectNode envJson = (ObjectNode) JSON.readTree("""
                {"Parameters": {"AWS_ENDPOINT_URL": "http://127.0.0.1:5000", "HF_NAMESPACE": "alice"},
                 "QueueSubmitFunction": {"SUBMIT_DLQ_URL": "http://127.0.0.1:5000/123456789012/dlq"}}""");

        ObjectNode pointed = EnvJsonStack.pointedAt(envJson, Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:5001",
                "SUBMIT_DLQ_URL", "http://127.0.0.1:5001/123456789012/dlq", "HF_ENDPOINT", "http://127.0.0.1:8090"));

        assertThat(pointed).isEqualTo(JSON.readTree("""
                {"Parameters": {"AWS_ENDPOINT_URL": "http://127.0.0.1:5001", "HF_NAMESPACE": "alice",
                                "HF_ENDPOINT": "http://127.0.0.1:8090"},
                 "QueueSubmitFunction": {"SUBMIT_DLQ_URL": "http://127.0.0.1:5001/123456789012/dlq"}}"""));
        assertThat(envJson.at("/Parameters/AWS_ENDPOINT_URL").asText()).isEqualTo("http://127.0.0.1:5000");
    }

    @Test
    void portsComeFromTheCommandLineElseEnvJson() {
        LocalUp.Settings defaults = LocalUp.settings(new String[0]);
        LocalUp.Settings moved = LocalUp.settings(new String[] {"--moto-port", "5001", "--hub-port", "8090"});

        assertThat(defaults.motoPort()).isEqualTo(5000);
        assertThat(defaults.hubPort()).isEqualTo(8089);
        assertThat(moved.motoPort()).isEqualTo(5001);
        assertThat(moved.hubPort()).isEqualTo(8090);
        assertThatThrownBy(() -> LocalUp.settings(new String[] {"--moto-port", "x"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port number");
    }
}
