package dev.hfjobs.emulator;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code GET /api/jobs/{ns}/{id}/metrics} while the job is live: one {@code event: metric} per
 * period once it runs (keep-alives only while it is scheduled), never ending while it lives. The
 * stream ends when the job does; the Hub then answers 500 to new requests ({@link JobsApi}), which
 * the client takes as the end.
 */
final class MetricsStream implements Reply.EventSource {

    private final Hub hub;
    private final String jobId;

    MetricsStream(Hub hub, String jobId) {
        this.hub = hub;
        this.jobId = jobId;
    }

    @Override
    public void emit(EventSink sink) throws IOException, InterruptedException {
        long samples = 0;
        long lastSample = System.nanoTime() - hub.settings().streams().metricsPeriod().toNanos();
        while (true) {
            long seen = hub.changes().generation();
            Optional<JobRecord> job = hub.currentJob(jobId);
            if (job.isEmpty() || job.get().terminal() || hub.changes().closed()) {
                return;
            }
            Settings.StreamPace pace = hub.settings().streams();
            Duration sinceSample = Duration.ofNanos(System.nanoTime() - lastSample);
            boolean running = job.get().startedAt().isPresent();
            if (running && sinceSample.compareTo(pace.metricsPeriod()) >= 0) {
                sink.event("metric", hub.metricSample(job.get(), samples++));
                lastSample = System.nanoTime();
            } else if (sink.silence().compareTo(pace.keepAlive()) >= 0) {
                sink.comment("keep-alive");
            }
            Duration wait = min(LogStream.TICK, pace.keepAlive().minus(sink.silence()));
            if (running) {
                wait = min(wait, pace.metricsPeriod().minus(Duration.ofNanos(System.nanoTime() - lastSample)));
            }
            hub.changes().await(seen, wait);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
