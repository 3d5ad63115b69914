package dev.hfjobs.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogStreamTest extends EmulatorTest {

    private static final Duration SOON = Duration.ofSeconds(5);
    private static final Duration QUIET = Duration.ofMillis(600);

    private final TestClock clock = TestClock.at("2026-05-12T14:57:43.250Z");

    @Override
    HfJobsEmulator.Builder configure(HfJobsEmulator.Builder builder) {
        return builder.clock(clock);
    }

    @Test
    void aFinishedJobsLogIsTheMarkerThenEveryLineInOrderThenTheEnd() throws Exception {
        String id = runningJob(HubClient.spec());
        emulator.appendLogs(id, "epoch 1", "epoch 2");
        emulator.setStage(id, JobStage.COMPLETED, null);

        try (EventStreamClient logs = open(id, "")) {
            assertThat(logs.status()).isEqualTo(200);
            assertThat(logs.header("Content-Type")).hasValue("text/event-stream; charset=utf-8");
            assertThat(logs.logTextsUntilEnd(SOON)).containsExactly(
                    "===== Job started at 2026-05-12 14:57:43 =====",
                    "$ python -c 'print('\"'\"'hi'\"'\"')'",
                    "epoch 1", "epoch 2",
                    "[hf-jobs-emulator] COMPLETED");
            assertThat(logs.raw()).startsWith("data: {\"data\":\"===== Job started at 2026-05-12 14:57:43 =====\","
                    + "\"timestamp\":\"2026-05-12T14:57:43Z\"}\n\n"
                    + "data: {\"data\":\"$ python");
            assertThat(logs.raw())
                    .contains("data: {\"data\":\"epoch 1\",\"timestamp\":\"2026-05-12T14:57:43.250Z\"}\n\n");
        }
    }

    @Test
    void everyConnectionReplaysTheWholeLogFromTheStart() throws Exception {
        String id = runningJob(HubClient.spec());
        emulator.appendLogs(id, "a", "b", "c");
        emulator.setStage(id, JobStage.ERROR, "Job failed with exit code: 1");

        List<String> first = readAll(id, "");
        List<String> second = readAll(id, "");

        assertThat(second).isEqualTo(first).hasSize(6)
                .endsWith("[hf-jobs-emulator] ERROR: Job failed with exit code: 1");
    }

    @Test
    void tailSendsTheMarkerThenOnlyTheLastLines() throws Exception {
        String id = runningJob(HubClient.spec());
        emulator.appendLogs(id, "a", "b", "c");
        emulator.setStage(id, JobStage.COMPLETED, null);

        assertThat(readAll(id, "?tail=2")).containsExactly(
                "===== Job started at 2026-05-12 14:57:43 =====", "c", "[hf-jobs-emulator] COMPLETED");
        assertThat(readAll(id, "?tail=0")).hasSize(1);
        assertThat(readAll(id, "?tail=99")).hasSize(6);
    }

    @Test
    void aLiveJobsStreamStaysOpenPushesNewLinesAndEndsWithTheJob() throws Exception {
        String id = runningJob(HubClient.spec());

        try (EventStreamClient logs = open(id, "")) {
            assertThat(logs.nextData(SOON).path("data").asText()).startsWith("===== Job started");
            assertThat(logs.nextData(SOON).path("data").asText()).startsWith("$ python");
            assertThat(logs.nextLine(Duration.ofMillis(300))).hasValue("");
            assertThat(logs.nextLine(QUIET)).as("nothing more while the job prints nothing").isEmpty();
            assertThat(logs.ended()).isFalse();

            emulator.appendLogs(id, "loss=0.42");
            assertThat(logs.nextData(SOON).path("data").asText()).isEqualTo("loss=0.42");

            emulator.setStage(id, JobStage.COMPLETED, null);
            assertThat(logs.logTextsUntilEnd(SOON)).containsExactly("[hf-jobs-emulator] COMPLETED");
        }
    }

    @Test
    void aSchedulingJobsStreamSendsTheMarkerAndWaitsForTheJobToRun() throws Exception {
        String id = alice.createJobId("alice", HubClient.spec());

        try (EventStreamClient logs = open(id, "")) {
            assertThat(logs.nextData(SOON).path("data").asText())
                    .isEqualTo("===== Job started at 2026-05-12 14:57:43 =====");
            assertThat(logs.nextLine(Duration.ofMillis(300))).hasValue("");
            assertThat(logs.nextLine(QUIET)).isEmpty();

            emulator.setStage(id, JobStage.RUNNING, null);
            assertThat(logs.nextData(SOON).path("data").asText()).startsWith("$ python");
            emulator.setStage(id, JobStage.CANCELED, null);
            assertThat(logs.logTextsUntilEnd(SOON)).containsExactly("[hf-jobs-emulator] CANCELED");
        }
    }

    @Test
    void silenceIsFilledWithKeepAliveComments() throws Exception {
        emulator.keepAlive(Duration.ofMillis(150));
        String id = runningJob(HubClient.spec());

        long start = System.nanoTime();
        try (EventStreamClient logs = open(id, "")) {
            Thread.sleep(700);
            emulator.setStage(id, JobStage.COMPLETED, null);
            long periods = Duration.ofNanos(System.nanoTime() - start).toMillis() / 150;
            List<String> lines = logs.linesUntilEnd(SOON);

            assertThat(lines).filteredOn(": keep-alive"::equals).hasSizeBetween(2, (int) periods);
            assertThat(lines).filteredOn(line -> line.startsWith("data: ")).hasSize(3);
        }
    }

    @Test
    void timersEndTheStreamWithoutAnyOtherRequest() throws Exception {
        try (HfJobsEmulator timed = HfJobsEmulator.builder()
                .autoAdvance(AutoAdvance.completing(Duration.ofMillis(100), Duration.ofMillis(400))).start()) {
            String id = HubClient.alice(timed).createJobId("alice", HubClient.spec());

            try (EventStreamClient logs = EventStreamClient.open(timed, "/api/jobs/alice/" + id + "/logs")) {
                assertThat(logs.logTextsUntilEnd(SOON)).hasSize(3)
                        .endsWith("[hf-jobs-emulator] COMPLETED");
            }
        }
    }

    @Test
    void lineBreaksThatJsonLeavesRawAreEscaped() throws Exception {
        String id = runningJob(HubClient.spec());
        String tricky = "a\u2028b\u0085c\u2029d\te\nf \"g\" é";
        emulator.appendLogs(id, tricky);
        emulator.setStage(id, JobStage.COMPLETED, null);

        try (EventStreamClient logs = open(id, "")) {
            assertThat(logs.logTextsUntilEnd(SOON)).contains(tricky);
            assertThat(logs.raw()).doesNotContain("\u2028", "\u0085", "\u2029", "\t")
                    .contains("a\\u2028b\\u0085c\\u2029d\\te\\nf \\\"g\\\" é");
        }
    }

    @Test
    void failJobPrintsTheErrorLinesThenEndsInError() throws Exception {
        String id = runningJob(HubClient.spec());

        emulator.failJob(id, "Job failed with exit code: 1", "Traceback (most recent call last):", "ValueError: boom");

        assertThat(emulator.job(id).orElseThrow().stage()).isEqualTo("ERROR");
        assertThat(emulator.logs(id)).extracting(LogLine::text).endsWith(
                "Traceback (most recent call last):", "ValueError: boom",
                "[hf-jobs-emulator] ERROR: Job failed with exit code: 1");
    }

    @Test
    void defaultLinesCanBeTurnedOffForALogMadeOnlyOfAddedLines() throws Exception {
        emulator.defaultLogLines(false);
        String id = runningJob(HubClient.spec());
        emulator.appendLogs(id, "only this");
        emulator.setStage(id, JobStage.COMPLETED, null);

        assertThat(emulator.logs(id))
                .containsExactly(new LogLine(Instant.parse("2026-05-12T14:57:43.250Z"), "only this"));
        assertThat(readAll(id, "")).hasSize(2);
    }

    @Test
    void theCommandLineIsPrintedWithItsArgumentsWhenTheJobStarts() throws IOException {
        ObjectNode spec = HubClient.spec();
        spec.putArray("command").add("bash").add("-lc").add("echo $HOME");
        spec.putArray("arguments").add("--epochs=3");
        String id = alice.createJobId("alice", spec);
        assertThat(emulator.logs(id)).isEmpty();

        emulator.setStage(id, JobStage.RUNNING, null);

        assertThat(emulator.logs(id)).extracting(LogLine::text).containsExactly("$ bash -lc 'echo $HOME' --epochs=3");
    }

    @Test
    void aRemovedJobEndsItsStream() throws Exception {
        String id = runningJob(HubClient.spec());

        try (EventStreamClient logs = open(id, "")) {
            logs.nextData(SOON);
            emulator.deleteJob(id, Deletion.REMOVE);
            logs.linesUntilEnd(SOON);
        }
        assertThat(emulator.logs(id)).isEmpty();
    }

    @Test
    void closingTheEmulatorEndsOpenStreams() throws Exception {
        String id = runningJob(HubClient.spec());

        try (EventStreamClient logs = open(id, "")) {
            logs.nextData(SOON);
            long start = System.nanoTime();
            emulator.close();
            logs.linesUntilEnd(SOON);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void aRestartedEmulatorStreamsAgain() throws Exception {
        String id = runningJob(HubClient.spec());
        emulator.close();

        emulator.start();

        try (EventStreamClient logs = open(id, "")) {
            logs.nextData(SOON);
            assertThat(logs.nextData(SOON).path("data").asText()).startsWith("$ python");
            assertThat(logs.nextLine(QUIET)).hasValue("");
            assertThat(logs.nextLine(QUIET)).isEmpty();
        }
    }

    @Test
    void anInvalidTailIs400AndAnUnknownJob404BeforeAnyEvent() throws IOException {
        String id = runningJob(HubClient.spec());

        ErrorsTest.assertError(alice.get("/api/jobs/alice/" + id + "/logs?tail=last"), 400);
        ErrorsTest.assertError(alice.get("/api/jobs/alice/0123456789abcdef01234567/logs"), 404);
    }

    private String runningJob(JsonNode spec) throws IOException {
        String id = alice.createJobId("alice", spec);
        emulator.setStage(id, JobStage.RUNNING, null);
        return id;
    }

    private EventStreamClient open(String id, String query) throws IOException {
        return EventStreamClient.open(emulator, "/api/jobs/alice/" + id + "/logs" + query);
    }

    private List<String> readAll(String id, String query) throws Exception {
        try (EventStreamClient logs = open(id, query)) {
            return logs.logTextsUntilEnd(SOON);
        }
    }
}
