package dev.hfjobs.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The emulated Hub: its accounts, jobs, catalog and switches, and the operations that both the
 * HTTP API and the Java API use. Thread-safe.
 */
final class Hub {

    private final Clock clock;
    private final Directory directory;
    private final JobStore store = new JobStore();
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
