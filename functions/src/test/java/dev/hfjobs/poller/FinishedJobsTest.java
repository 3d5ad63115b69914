package dev.hfjobs.poller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfjobs.hub.LogLine;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The tail an ERROR event carries: the last lines, at most 50 and at most 8 KB, oldest first. */
class FinishedJobsTest {
    static List<LogLine> lines(int count, int width) {
        return IntStream.range(0, count).mapToObj(i -> new LogLine(Instant.EPOCH, String.format("%05d", i)
                + "x".repeat(Math.max(0, width - 5)))).toList();
    }

    @Test
    void shortLogIsItsWholeTail() {
        assertThat(FinishedJobs.tail(lines(3, 10))).hasSize(3).first().asString().startsWith("00000");
    }

    @Test
    void longLogKeepsItsLastFiftyLines() {
        List<String> tail = FinishedJobs.tail(lines(500, 20));

        assertThat(tail).hasSize(50);
        assertThat(tail.getFirst()).startsWith("00450");
        assertThat(tail.getLast()).startsWith("00499");
    }

    @Test
    void wideLinesAreCutAtEightKilobytes() {
        List<String> tail = FinishedJobs.tail(lines(50, 1000));

        int bytes = tail.stream().mapToInt(l -> l.getBytes(StandardCharsets.UTF_8).length + 1).sum();
        assertThat(bytes).isLessThanOrEqualTo(8 * 1024);
        assertThat(tail).hasSize(8);
        assertThat(tail.getLast()).startsWith("00049");
    }

    @Test
    void lastLineWiderThanEightKilobytesIsKeptCut() {
        List<String> tail = FinishedJobs.tail(lines(2, 9000));

        assertThat(tail).singleElement().satisfies(line -> {
            assertThat(line).startsWith("00001").endsWith("…");
            assertThat(line.getBytes(StandardCharsets.UTF_8).length + 1).isLessThanOrEqualTo(8 * 1024);
        });
    }
}
