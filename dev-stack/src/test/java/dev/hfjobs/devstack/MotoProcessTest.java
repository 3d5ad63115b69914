package dev.hfjobs.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MotoProcessTest {

    @Test
    void startsOnAFreePortAndStopsWithItsChildren() throws Exception {
        List<ProcessHandle> before = ProcessHandle.current().descendants().toList();
        MotoProcess moto = MotoProcess.start(0, Path.of("target/moto-process-test.log"));
        List<ProcessHandle> started = ProcessHandle.current().descendants().filter(p -> !before.contains(p)).toList();
        assertThat(status(moto.endpoint().resolve("/moto-api/"))).isLessThan(500);

        moto.close();

        assertThat(started).isNotEmpty().allSatisfy(process -> assertThat(process.isAlive()).isFalse());
        assertThat(Ports.isFree(moto.port())).isTrue();
    }

    @Test
    void aPortInUseIsRefusedBeforeAnythingStarts() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> MotoProcess.start(taken.getLocalPort(), Path.of("target/moto-process-test.log")))
                    .isInstanceOf(DevStackException.class)
                    .hasMessageContaining("port " + taken.getLocalPort() + " on 127.0.0.1 is already in use");
        }
    }

    @Test
    void resetForgetsEveryResource() {
        StackClients aws = TestMoto.aws();
        aws.sqs().createQueue(b -> b.queueName(ResourceNames.unique("reset").physicalName("Queue")));

        TestMoto.get().reset();

        assertThat(aws.sqs().listQueues().queueUrls()).isEmpty();
    }

    @Test
    void theRecorderKeepsTheBodiesOfTheRequestsItSawInAFileNextToTheLog() {
        MotoRecorder recorder = MotoRecorder.of(TestMoto.get().endpoint());
        String name = ResourceNames.unique("recorded").physicalName("Queue");

        recorder.start();
        TestMoto.aws().sqs().createQueue(b -> b.queueName(name));
        recorder.stop();
        TestMoto.aws().sqs().createQueue(b -> b.queueName(name + "-after"));

        assertThat(recorder.bodies("AmazonSQS.CreateQueue")).singleElement()
                .satisfies(body -> assertThat(body.path("QueueName").asText()).isEqualTo(name));
        assertThat(Path.of("target/moto-server-recording.jsonl")).exists();
        assertThat(MotoProcess.recordingFile(Path.of("target/moto-server.log")))
                .isEqualTo(Path.of("target/moto-server-recording.jsonl").toAbsolutePath());
    }

    private static int status(URI uri) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
