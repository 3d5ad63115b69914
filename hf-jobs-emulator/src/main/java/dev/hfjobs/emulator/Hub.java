package dev.hfjobs.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The emulated Hub: its accounts, jobs, their logs and metrics, catalog and switches, and the
 * operations that both the HTTP API and the Java API use. Thread-safe.
 */
final class Hub {

    private final Clock clock;
    private final Directory directory;
    private final Telemetry telemetry = new Telemetry();
    private final Changes changes = new Changes();
    private final JobStore store = new JobStore(this::jobChanged);
    private final Settings initialSettings;
    private final List<Hardware> initialCatalog;
    private final AtomicReference<Settings> settings;
    private final AtomicReference<List<Hardware>> catalog;

    Hub(Clock clock, Directory directory, Settings settings, List<Hardware> catalog) {
        this.clock = clock;
        this.directory = directory;
        this.initialSettings = settings;
        this.initialCatalog = List.copyOf(catalog);
        this.settings = new AtomicReference<>(settings);
        this.catalog = new AtomicReference<>(initialCatalog);
    }

    /** @return the emulator's time, to the millisecond as the Hub reports it */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    Directory directory() {
        return directory;
    }

    JobStore store() {
        return store;
    }

    Settings settings() {
        return settings.get();
    }

    void updateSettings(UnaryOperator<Settings> change) {
        settings.updateAndGet(change);
    }

    List<Hardware> catalog() {
        return catalog.get();
    }

    void replaceCatalog(List<Hardware> flavors) {
        catalog.set(List.copyOf(flavors));
    }

    Changes changes() {
        return changes;
    }

    /** @return the flavor of that name in the current catalog */
    Optional<Hardware> flavor(String name) {
        return catalog().stream().filter(flavor -> flavor.name().equals(name)).findFirst();
    }

    /** @return a parser that knows the current catalog */
    JobSpecParser parser() {
        return new JobSpecParser(catalog().stream().map(Hardware::name).collect(Collectors.toSet()));
    }

    /** Applies the lifecycle timers up to now, when they are on; called before answering anything. */
    void catchUp() {
        settings().autoAdvance().ifPresent(plan -> {
            Instant now = now();
            store.runDue(now, settings().legacyMode());
            store.applyTimers(plan, now);
        });
    }

    /** @return the job as it is now, timers applied */
    Optional<JobRecord> currentJob(String id) {
        catchUp();
        return store.job(id);
    }

    JobRecord createJob(Owner owner, Initiator initiator, JobSpec spec) {
        return store.create(owner, initiator, spec, now(), settings().legacyMode(), Optional.empty());
    }

    /**
     * Creates a job with a fixed id, as if {@code user} had posted {@code spec} (the Hub's wire form) to
     * {@code namespace}.
     *
     * @throws Rejection 400 for an unknown user, a bad id or an invalid spec; 403 when the user may not use the
     *     namespace; 409 when the id is taken
     */
    JobRecord seedJob(String id, String user, String namespace, JsonNode spec) {
        Member member = directory.byName(user).orElseThrow(() -> Rejection.badRequest("no user '" + user + "'"));
        Owner owner = member.namespace(namespace).orElseThrow(() -> new Rejection(403,
                user + " may not use namespace '" + namespace + "'"));
        JobSpec parsed = parser().parse(spec).orElseReject();
        return store.createWithId(id, owner, member.asInitiator(), parsed, now(), settings().legacyMode());
    }

    /** @return the job, canceled unless it had already ended; empty when there is no such job */
    Optional<JobRecord> cancel(String id) {
        return store.update(id, job -> job.terminal() ? job
                : job.withStage(JobStage.CANCELED.name(), Optional.empty(), now()));
    }

    Optional<JobRecord> setStage(String id, String stage, Optional<String> message) {
        return store.update(id, job -> job.withStage(stage, message, now()));
    }

    /** @return the job, its lines appended with the emulator's time; empty when there is no such job */
    Optional<JobRecord> appendLogs(String id, List<String> lines) {
        Instant now = now();
        Optional<JobRecord> job = store.job(id);
        job.ifPresent(found -> {
            telemetry.append(id, lines.stream().map(line -> new LogLine(now, line)).toList());
            changes.fire();
        });
        return job;
    }

    /** @return the job's log lines from index {@code from} on */
    List<LogLine> logs(String id, int from) {
        return telemetry.lines(id, from);
    }

    int logLineCount(String id) {
        return telemetry.lineCount(id);
    }

    /** @return the job, which now reports {@code sample} (a metrics object in wire form) */
    Optional<JobRecord> setMetrics(String id, ObjectNode sample) {
        Optional<JobRecord> job = store.job(id);
        job.ifPresent(found -> telemetry.setMetrics(id, sample));
        return job;
    }

    /** @return the sample a test set for the job, else the {@code n}th simulated one */
    ObjectNode metricSample(JobRecord job, long n) {
        return telemetry.metrics(job.id())
                .orElseGet(() -> MetricSample.simulated(job, flavor(job.spec().flavor()), n).toJson());
    }

    /** Ends every open stream: the emulator is closing. */
    void closeStreams() {
        changes.close();
    }

    /** Lets streams run: the emulator is starting. */
    void openStreams() {
        changes.open();
    }

    /** Keeps the logs in step with the jobs and wakes the streams; runs inside the store's lock. */
    private void jobChanged(Optional<JobRecord> before, Optional<JobRecord> after) {
        if (after.isEmpty()) {
            before.ifPresent(gone -> telemetry.forget(gone.id()));
        } else if (settings().defaultLogLines()) {
            List<LogLine> printed = DefaultLogLines.between(before, after.get(), now());
            if (!printed.isEmpty()) {
                telemetry.append(after.get().id(), printed);
            }
        }
        changes.fire();
    }

    JobStore.RunOutcome runScheduled(String namespace, String id) {
        return store.run(namespace, id, now(), settings().legacyMode());
    }

    /** Forgets every job, scheduled job and switch: the emulator as it was built. */
    void reset() {
        store.clear();
        settings.set(initialSettings);
        catalog.set(initialCatalog);
    }
}
