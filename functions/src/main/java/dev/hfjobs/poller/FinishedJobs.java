package dev.hfjobs.poller;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.Deadline;
import dev.hfjobs.hub.EventStream;
import dev.hfjobs.hub.HfJobsClient;
import dev.hfjobs.hub.HubResult;
import dev.hfjobs.hub.LogLine;
import dev.hfjobs.hub.StreamLimits;
import dev.hfjobs.model.JobStage;
import dev.hfjobs.ports.EventPublisher.HfEvent;
import dev.hfjobs.ports.LogArchive;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What follows a job's end: its log read once from the Hub, copied to the log archive (one stream
 * per job), and the terminal event completed with where the copy is and, for a job that ended in
 * ERROR, the last lines that say why.
 */
final class FinishedJobs {
    /** An ERROR event carries at most this many of the last lines, and at most {@link #TAIL_BYTES}. */
    static final int TAIL_LINES = 50;
    static final int TAIL_BYTES = 8 * 1024;
    /** At most this much of a log is read and copied: 10,000 lines (and the Hub's marker) or 5 MB. */
    static final int MAX_LINES = 10_000;
    static final StreamLimits READ = new StreamLimits(Duration.ofSeconds(2), Duration.ofSeconds(15), MAX_LINES + 1,
            5 * 1024 * 1024);

    private final HfJobsClient hub;
    private final LogArchive archive;

    FinishedJobs(HfJobsClient hub, LogArchive archive) {
        this.hub = hub;
        this.archive = archive;
    }

    /** A finished job's log as read: its lines (without the Hub's marker), and whether it was cut. */
    record Logs(List<LogLine> lines, boolean truncated) {
        static final Logs NONE = new Logs(List.of(), false);
    }

    /** One read of the job's log; none when the Hub has none (a deleted job) or could not give it. */
    Logs read(String namespace, String jobId, Deadline deadline) {
        return switch (hub.jobLogs(namespace, jobId, OptionalInt.empty(), READ, deadline)) {
            case HubResult.Ok<EventStream> ok -> bounded(LogLine.of(ok.value()), ok.value());
            case HubResult.Failed<EventStream> failed -> Logs.NONE;
        };
    }

    /**
     * At most {@link #MAX_LINES}; a read that hit a limit, or that the Hub did not end (silence, time
     * up), is cut.
     */
    private static Logs bounded(List<LogLine> lines, EventStream stream) {
        boolean cut = stream.truncated() || !stream.ended() || lines.size() > MAX_LINES;
        return new Logs(lines.size() > MAX_LINES ? List.copyOf(lines.subList(0, MAX_LINES)) : lines, cut);
    }

    /** The event of a terminal change, completed with the log's copy and, for ERROR, its last lines. */
    HfEvent completed(Findings.Change change, Logs logs, Deadline deadline) {
        ObjectNode detail = change.event().detail().deepCopy();
        String stage = change.updated().stage();
        if (JobStage.ERROR.value().equals(stage)) {
            ArrayNode tail = detail.putArray("logsTail");
            tail(logs.lines()).forEach(tail::add);
        }
        Optional<LogArchive.Location> copy = archive.copy(change.record().namespace(), change.record().jobId(),
                logs.lines(), logs.truncated(), deadline);
        copy.ifPresent(location -> detail.put("logGroupName", location.group()).put("logStreamName",
                location.stream()));
        return new HfEvent(change.event().detailType(), change.event().eventId(), detail);
    }

    /** The start of {@code text} within {@code maxBytes} of UTF-8, marked as cut with "…". */
    private static String cut(String text, int maxBytes) {
        StringBuilder kept = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > maxBytes) {
                break;
            }
            kept.appendCodePoint(codePoint);
            bytes += size;
            i += Character.charCount(codePoint);
        }
        return kept.append('…').toString();
    }

    /** The last lines that fit {@link #TAIL_LINES} and {@link #TAIL_BYTES}, oldest first. */
    static List<String> tail(List<LogLine> lines) {
        List<String> tail = new ArrayList<>();
        int bytes = 0;
        for (int i = lines.size() - 1; i >= 0 && tail.size() < TAIL_LINES; i--) {
            int size = lines.get(i).text().getBytes(StandardCharsets.UTF_8).length + 1;
            if (bytes + size > TAIL_BYTES) {
                if (tail.isEmpty()) {
                    // The last line alone is too wide: its start, rather than nothing.
                    tail.add(cut(lines.get(i).text(), TAIL_BYTES - 4));
                }
                break;
            }
            tail.addFirst(lines.get(i).text());
            bytes += size;
        }
        return tail;
    }
}
