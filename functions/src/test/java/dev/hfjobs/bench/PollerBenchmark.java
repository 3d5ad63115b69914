package dev.hfjobs.bench;

import dev.hfjobs.Log;
import dev.hfjobs.Wiring;
import dev.hfjobs.emulator.HfJobsEmulator;
import dev.hfjobs.hub.Deadline;
import dev.hfjobs.hub.HfJobsClient;
import dev.hfjobs.model.JobInfo;
import dev.hfjobs.model.JobRequests;
import dev.hfjobs.model.JobSpec;
import dev.hfjobs.model.Wire;
import dev.hfjobs.poller.PollReport;
import dev.hfjobs.poller.PollerSettings;
import dev.hfjobs.poller.StatusPoller;
import dev.hfjobs.store.JobRecord;
import dev.hfjobs.store.JobStore;
import dev.hfjobs.submit.Tracking;
import dev.hfjobs.testing.MotoServer;
import java.time.Clock;
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
 * The status poller at scale: N tracked jobs across 3 namespaces on the emulator with a fixed Hub
 * latency, the job store on moto. Prints Hub calls and wall time per run, next to what inspecting
 * every job one by one would cost. Arguments: [jobs] [latencyMillis] (default 10000 and 50).
 */
public final class PollerBenchmark {
    private static final List<String> NAMESPACES = List.of("alice", "acme-ml", "acme-research");

    private PollerBenchmark() {}

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        long latency = args.length > 1 ? Long.parseLong(args[1]) : 50;
        Log.redirect(line -> { });
        try (HfJobsEmulator hub = HfJobsEmulator.builder().user("alice", "hf_test_alice", "acme-ml", "acme-research")
                .start()) {
            MotoServer moto = MotoServer.get();
            String secret = moto.createSecret("hf_test_alice");
            Wiring wiring = Wiring.fromEnvironment(Map.of("HF_ENDPOINT", hub.endpoint().toString(),
                    "HF_TOKEN_SECRET_ID", secret, "EVENT_BUS_NAME", moto.createEventBus().busName(),
                    "JOBS_TABLE_NAME", moto.createJobsTable()), moto.aws());
            System.out.printf("setting up %d tracked jobs in %s ...%n", jobs, NAMESPACES);
            List<JobRecord> records = setUp(wiring, hub, jobs);
            hub.latency(Duration.ofMillis(latency));
            StatusPoller poller = new StatusPoller(wiring.hub(), wiring.store(), wiring.events(), Clock.systemUTC(),
                    PollerSettings.DEFAULT);

            Row quiet = measure("run, no change", poller, hub);
            for (int i = 0; i < records.size(); i += 50) {
                hub.setStage(records.get(i).jobId(), i % 100 == 0 ? "RUNNING" : "COMPLETED", null);
            }
            Row moving = measure("run, 2% changed", poller, hub);
            Row sample = inspectSample(wiring.hub(), records.subList(0, 100));
            double perInspect = sample.millis / 100.0;

            System.out.println();
            System.out.printf("Poller benchmark: %d tracked jobs, %d namespaces, Hub latency %d ms, page size 50%n",
                    jobs, NAMESPACES.size(), latency);
            System.out.printf("| %-32s | %10s | %10s | %12s |%n", "", "Hub calls", "changes", "wall time");
            System.out.printf("|%s|%s|%s|%s|%n", "-".repeat(34), "-".repeat(12), "-".repeat(12), "-".repeat(14));
            for (Row row : List.of(quiet, moving)) {
                System.out.printf("| %-32s | %10d | %10d | %9.1f s |%n", row.name, row.calls, row.changes,
                        row.millis / 1000.0);
            }
            System.out.printf("| %-32s | %10d | %10s | %9.1f s |%n", "inspect every job (estimated)", jobs, "-",
                    jobs * perInspect / 1000.0);
            int pages = NAMESPACES.stream().mapToInt(ns -> (int) Math.ceil(jobs / (double) NAMESPACES.size() / 50)).sum();
            System.out.printf("%nTarget: Hub calls per run <= ceil(active/page) + changed = %d + %d = %d; measured %d"
                    + " (finished jobs are inspected once; the first finished job reads the catalog for its cost)."
                    + "%nInspecting one job took %.1f ms.%n", pages, moving.changes, pages + moving.changes,
                    moving.calls, perInspect);
        }
        System.exit(0);
    }

    private record Row(String name, int calls, int changes, long millis) {}

    private static Row measure(String name, StatusPoller poller, HfJobsEmulator hub) {
        hub.clearRequests();
        long started = System.nanoTime();
        PollReport report = poller.run(Deadline.after(Duration.ofMinutes(10)));
        long millis = (System.nanoTime() - started) / 1_000_000;
        return new Row(name, hub.requests().size(), report.changes(), millis);
    }

    private static Row inspectSample(HfJobsClient client, List<JobRecord> sample) {
        long started = System.nanoTime();
        Deadline deadline = Deadline.after(Duration.ofMinutes(5));
        sample.forEach(r -> client.inspectJob(r.namespace(), r.jobId(), deadline).orThrow());
        return new Row("sample", sample.size(), 0, (System.nanoTime() - started) / 1_000_000);
    }

    private static List<JobRecord> setUp(Wiring wiring, HfJobsEmulator hub, int jobs) throws Exception {
        JobSpec spec = JobRequests.parseSubmit(Wire.parse("{\"image\": \"python:3.12\", \"command\": [\"ls\"]}"),
                Set.of()).orThrow().spec().withLabels(Map.of(Tracking.MANAGED_LABEL, "true"));
        JobStore store = wiring.store();
        List<Future<JobRecord>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < jobs; i++) {
                String ns = NAMESPACES.get(i % NAMESPACES.size());
                futures.add(pool.submit(() -> {
                    JobInfo job = wiring.hub().createJob(ns, spec, Deadline.after(Duration.ofSeconds(30))).orThrow();
                    JobRecord record = new JobRecord(job.id(), ns, job.stage().value(), job.flavor(), job.labels(),
                            job.createdAt(), "sqs", null, null, job.url(hub.endpoint(), ns).toString(), null,
                            Instant.now(), null, 0, null);
                    store.putJob(record);
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
