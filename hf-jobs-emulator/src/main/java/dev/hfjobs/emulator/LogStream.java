package dev.hfjobs.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/jobs/{ns}/{id}/logs} as the Hub streams it and huggingface_hub reads it: the
 * {@code ===== Job started at ... =====} marker first on every connection, then the whole log in
 * order (or its last {@code tail} lines), then each new line as it is added, with a
 * {@code : keep-alive} comment after each silent period, until the job ends (or disappears).
 *
 * <p>The whole log is replayed on every connection because the client counts events from 0 on
 * each one and skips those it has seen: a reconnect must see the same prefix.
 */
final class LogStream implements Reply.EventSource {

    /** How often an idle stream looks again, so that lifecycle timers end it without a request. */
    static final Duration TICK = Duration.ofMillis(100);

    /** The tail that sends the whole log. */
    static final int ALL = Integer.MAX_VALUE;

    private static final DateTimeFormatter MARKER_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MARKER_TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private final Hub hub;
    private final String jobId;
    private final int tail;

    /** @param tail how many of the lines there already are to send, {@link #ALL} for all of them */
    LogStream(Hub hub, String jobId, int tail) {
        this.hub = hub;
        this.jobId = jobId;
        this.tail = tail;
    }

    @Override
    public void emit(EventSink sink) throws IOException, InterruptedException {
        Optional<JobRecord> job = hub.currentJob(jobId);
        if (job.isEmpty()) {
            return;
        }
        sink.data(marker(job.get().startedAt().orElse(hub.now())));
        int next = Math.max(0, hub.logLineCount(jobId) - tail);
        while (true) {
            long seen = hub.changes().generation();
            job = hub.currentJob(jobId);
            if (job.isEmpty() || hub.changes().closed()) {
                return;
            }
            List<LogLine> added = hub.logs(jobId, next);
            for (LogLine line : added) {
                sink.data(event(line.text(), Json.timestamp(line.timestamp())));
            }
            next += added.size();
            if (job.get().terminal()) {
                return;
            }
            Duration keepAlive = hub.settings().streams().keepAlive();
            if (sink.silence().compareTo(keepAlive) >= 0) {
                sink.comment("keep-alive");
            }
            hub.changes().await(seen, min(TICK, keepAlive.minus(sink.silence())));
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** The Hub's first event on every connection; huggingface_hub drops it but counts it. */
    static ObjectNode marker(Instant started) {
        return event("===== Job started at " + MARKER_TIME.format(started) + " =====",
                MARKER_TIMESTAMP.format(started));
    }

    private static ObjectNode event(String text, String timestamp) {
        return Json.object().put("data", text).put("timestamp", timestamp);
    }
}
