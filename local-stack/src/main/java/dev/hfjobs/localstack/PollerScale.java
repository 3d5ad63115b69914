package dev.hfjobs.localstack;

import dev.hfjobs.Deadline;
import dev.hfjobs.emulator.HfJobsEmulator;
import dev.hfjobs.model.JobInfo;
import dev.hfjobs.model.JobRequests;
import dev.hfjobs.model.JobSpec;
import dev.hfjobs.model.Wire;
import dev.hfjobs.poller.PollReport;
import dev.hfjobs.poller.PollerSettings;
import dev.hfjobs.poller.StatusPoller;
import dev.hfjobs.store.JobRecord;
import dev.hfjobs.submit.Tracking;
import dev.hfjobs.wiring.Wiring;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The status poller at scale (the logic of functions' PollerBenchmark): N tracked jobs over three
 * namespaces on an emulator with a fixed latency, the job store on moto; one quiet run, then one
 * after 2 % of the jobs changed stage.
 */
final class PollerScale {
    static final List<String> NAMESPACES = List.of("alice", "acme-ml", "acme-research");
    private static final int PAGE = 50;

    private PollerScale() {}

    /**
     * Hub calls and wall time of both runs, the bound's first term (pages of active jobs), and how
     * many of the changes were jobs that finished (one log read each at most).
     */
    record Result(int quietCalls, long quietMillis, int movingCalls, long movingMillis, int changes, int pages,
            int finished) {}

    static Result run(Wiring wiring, HfJobsEmulator hub, int jobs, Duration latency) throws Exception {
        List<JobRecord> records = setUp(wiring, hub, jobs);
        hub.latency(latency);
        StatusPoller poller = StatusPoller.of(wiring, PollerSettings.DEFAULT);
        hub.clearRequests();
        long started = System.nanoTime();
        poller.run(Deadline.after(Duration.ofMinutes(10)));
        long quietMillis = (System.nanoTime() - started) / 1_000_000;
        int quietCalls = hub.requests().size();
        int finished = 0;
        for (int i = 0; i < records.size(); i += 50) {
            boolean completes = i % 100 != 0;
            hub.setStage(records.get(i).jobId(), completes ? "COMPLETED" : "RUNNING", null);
            finished += completes ? 1 : 0;
        }
        hub.clearRequests();
        started = System.nanoTime();
        PollReport moving = poller.run(Deadline.after(Duration.ofMinutes(10)));
        long movingMillis = (System.nanoTime() - started) / 1_000_000;
        int pages = NAMESPACES.stream().mapToInt(ns -> (int) Math.ceil(jobs / (double) NAMESPACES.size() / PAGE))
                .sum();
        return new Result(quietCalls, quietMillis, hub.requests().size(), movingMillis, moving.changes(), pages,
                finished);
    }

    private static List<JobRecord> setUp(Wiring wiring, HfJobsEmulator hub, int jobs) throws Exception {
        JobSpec spec = JobRequests.parseSubmit(Wire.parse("{\"image\": \"python:3.12\", \"command\": [\"ls\"]}"),
                Set.of()).orThrow().spec().withLabels(Map.of(Tracking.MANAGED_LABEL, "true"));
        List<Future<JobRecord>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < jobs; i++) {
                String ns = NAMESPACES.get(i % NAMESPACES.size());
                futures.add(pool.submit(() -> {
                    JobInfo job = wiring.hub().createJob(ns, spec, Deadline.after(Duration.ofSeconds(30))).orThrow();
                    JobRecord record = new JobRecord(job.id(), ns, job.stage().value(), job.flavor(), job.labels(),
                            job.createdAt(), "sqs", null, null, job.url(hub.endpoint(), ns).toString(), null,
                            Instant.now(), null, 0, null);
                    wiring.jobs().put(record, Deadline.after(Duration.ofSeconds(30)));
                    return record;
                }));
            }
        }
        List<JobRecord> records = new ArrayList<>();
        for (Future<JobRecord> f : futures) {
            records.add(f.get());
        }
        return records;
    }
}
