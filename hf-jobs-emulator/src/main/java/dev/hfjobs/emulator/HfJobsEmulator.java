package dev.hfjobs.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An embedded HTTP server that speaks the Hugging Face Jobs API (see
 * {@code shared/reference/hf-jobs-api.md}) on 127.0.0.1, for tests and local runs. Development
 * only: never part of a deployment.
 *
 * <p>It authenticates bearer tokens against its users, keeps jobs and scheduled jobs in memory,
 * moves jobs through their stages when a test says so (or on timers), streams their logs and
 * metrics as server-sent events (lines a test adds, plus a few each job prints by itself), pages
 * listings with {@code Link} headers, serves a hardware catalog with real prices, and can be told to misbehave:
 * latency, error statuses, 429s, dropped connections, broken JSON, the older Hub's behaviour. The
 * same switches are reachable over HTTP under {@code /_emulator/} (no token needed). Every Hub API
 * request is recorded, without its token.
 *
 * <pre>{@code
 * try (HfJobsEmulator hub = HfJobsEmulator.builder().build().start()) {
 *     URI endpoint = hub.endpoint();   // http://127.0.0.1:PORT, token "hf_test_alice"
 *     ...
 *     hub.setStage(jobId, JobStage.COMPLETED, null);
 * }
 * }</pre>
 *
 * <p>Thread-safe: each request is served on its own virtual thread (an open log or metrics stream
 * holds one for as long as the job lives), and every Java method may be called from any thread
 * while it runs.
 */
public final class HfJobsEmulator implements AutoCloseable {

    private final int port;
    private final Hub hub;
    private final Faults faults = new Faults();
    private final RequestLog log = new RequestLog();
    private HttpServer server;
    private ExecutorService executor;

    private HfJobsEmulator(Builder builder) {
        this.port = builder.port;
        Settings settings = Settings.defaults().withPageSize(builder.pageSize).withLegacyMode(builder.legacyMode)
                .withAutoAdvance(Optional.ofNullable(builder.autoAdvance)).withLatency(builder.latency)
                .withKeepAlive(builder.keepAlive).withMetricsPeriod(builder.metricsPeriod)
                .withDefaultLogLines(builder.defaultLogLines);
        List<EmulatorUser> users = builder.users.isEmpty() ? EmulatorUser.defaults() : builder.users;
        this.hub = new Hub(builder.clock, Directory.of(users), settings, builder.hardware);
    }

    /** @return a builder with the defaults: a free port, alice and bob, pages of 50, the system clock */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds 127.0.0.1 and starts serving.
     *
     * @return this emulator, started
     * @throws EmulatorException if it is already started or the port cannot be bound
     */
    public synchronized HfJobsEmulator start() {
        if (server != null) {
            throw new EmulatorException("the emulator is already started");
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        } catch (IOException e) {
            throw new EmulatorException("cannot bind 127.0.0.1:" + port, e);
        }
        executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("hf-jobs-emulator-", 1).factory());
        server.setExecutor(executor);
        server.createContext("/", new Dispatcher(hub, faults, log, "127.0.0.1:" + server.getAddress().getPort()));
        hub.openStreams();
        server.start();
        return this;
    }

    /** @return the base URL to use as HF_ENDPOINT, e.g. {@code http://127.0.0.1:54321} */
    public synchronized URI endpoint() {
        if (server == null) {
            throw new EmulatorException("the emulator is not started");
        }
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Stops serving at once; open streams end and connections are closed. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (server != null) {
            hub.closeStreams();
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    // ---- jobs -------------------------------------------------------------------------------

    /** @return every job, newest first, as the Hub would answer now */
    public List<JobSnapshot> jobs() {
        hub.catchUp();
        return hub.store().all().stream().map(this::snapshot).toList();
    }

    /** @return the job with that id, in any namespace */
    public Optional<JobSnapshot> job(String jobId) {
        hub.catchUp();
        return hub.store().job(jobId).map(this::snapshot);
    }

    /**
     * Creates a job with a fixed id, as if {@code user} had submitted {@code specJson} (the Hub's wire form:
     * {@code dockerImage}, {@code command}, {@code flavor}, ...) to {@code namespace}. It then lives like any other
     * job (timers, cancel, listing). For sample events and demos that name a job id.
     *
     * @return the job as the Hub answers it now
     * @throws EmulatorException if the id is not 24 lower-case hex characters or is taken, the user is unknown or
     *     may not use the namespace, or the spec is not valid JSON or not a valid job
     */
    public JobSnapshot seedJob(String id, String user, String namespace, String specJson) {
        JsonNode spec = Json.parse(specJson).orElseThrow(() -> new EmulatorException("the spec is not JSON"));
        return snapshot(hub.seedJob(id, user, namespace, spec));
    }

    /** @return how many jobs were created since start (or the last reset), including removed ones */
    public int createdJobCount() {
        return hub.store().createdJobs();
    }

    /**
     * Moves a job to a known stage now; see {@link #setStage(String, String, String)}.
     *
     * @param message the status message, or null for none
     */
    public void setStage(String jobId, JobStage stage, String message) {
        setStage(jobId, stage.name(), message);
    }

    /**
     * Moves a job to any stage now, even one the Hub does not document (to test tolerance). Moving
     * to RUNNING sets startedAt; a terminal stage sets finishedAt.
     *
     * @param message the status message, or null for none
     * @throws EmulatorException if there is no such job
     */
    public void setStage(String jobId, String stage, String message) {
        Objects.requireNonNull(stage, "stage");
        hub.catchUp();
        hub.setStage(jobId, stage, Optional.ofNullable(message))
                .orElseThrow(() -> new EmulatorException("no job " + jobId));
    }

    /**
     * Ends a job in ERROR after it printed {@code lines}, as a failing job's traceback ends its log.
     *
     * @param message the status message, e.g. {@code Job failed with exit code: 1}; null for none
     * @throws EmulatorException if there is no such job
     */
    public void failJob(String jobId, String message, String... lines) {
        appendLogs(jobId, List.of(lines));
        setStage(jobId, JobStage.ERROR, message);
    }

    /** @return how many non-terminal jobs (of every namespace) were moved to {@code stage} */
    public int advanceAll(JobStage stage) {
        hub.catchUp();
        return hub.store().advanceAll(stage.name(), Optional.empty(), hub.now());
    }

    /**
     * Makes a job disappear, as when the Hub deletes a job's run.
     *
     * @throws EmulatorException if there is no such job
     */
    public void deleteJob(String jobId, Deletion how) {
        boolean found = switch (how) {
            case REMOVE -> hub.store().remove(jobId);
            case MARK_DELETED -> hub.setStage(jobId, JobStage.DELETED.name(), Optional.empty()).isPresent();
        };
        if (!found) {
            throw new EmulatorException("no job " + jobId);
        }
    }

    /**
     * Starts a run of every resumed scheduled job whose next run time has passed on the emulator's
     * clock (timers do this by themselves).
     *
     * @return the ids of the jobs started
     */
    public List<String> runDueScheduledJobs() {
        return hub.store().runDue(hub.now(), hub.settings().legacyMode()).stream().map(JobRecord::id).toList();
    }

    // ---- logs and metrics -------------------------------------------------------------------

    /**
     * Adds lines to a job's log, stamped with the emulator's time; open log streams send them at
     * once. Any stage will do, a finished job included (later connections replay them).
     *
     * @throws EmulatorException if there is no such job
     */
    public void appendLogs(String jobId, String... lines) {
        appendLogs(jobId, List.of(lines));
    }

    /** @see #appendLogs(String, String...) */
    public void appendLogs(String jobId, List<String> lines) {
        hub.catchUp();
        hub.appendLogs(jobId, List.copyOf(lines)).orElseThrow(() -> new EmulatorException("no job " + jobId));
    }

    /**
     * @return the job's whole log, oldest first: the lines tests added and, unless turned off with
     *     {@link #defaultLogLines(boolean)}, {@code $ <command line>} when it started running and
     *     {@code [hf-jobs-emulator] <STAGE>[: message]} at each later stage change. The Hub's
     *     {@code ===== Job started} marker is not part of it: streams send it first on every
     *     connection. Empty for an unknown job.
     */
    public List<LogLine> logs(String jobId) {
        hub.catchUp();
        return hub.logs(jobId, 0);
    }

    /**
     * Makes the job's metrics stream send this sample from now on, instead of made-up figures that
     * follow its flavor.
     *
     * @throws EmulatorException if there is no such job
     */
    public void setMetrics(String jobId, MetricSample sample) {
        hub.setMetrics(jobId, sample.toJson()).orElseThrow(() -> new EmulatorException("no job " + jobId));
    }

    // ---- switches ---------------------------------------------------------------------------

    /** Sets how many jobs one page of GET /api/jobs/{ns} holds (at least 1). */
    public void pageSize(int size) {
        hub.updateSettings(settings -> settings.withPageSize(size));
    }

    /**
     * Behaves like the older Hub, or not: new jobs start RUNNING (no SCHEDULING), listing ignores
     * filters and returns at most the newest 100 jobs of the namespace, with no Link paging.
     */
    public void legacyMode(boolean on) {
        hub.updateSettings(settings -> settings.withLegacyMode(on));
    }

    /** Turns lifecycle timers on; see {@link AutoAdvance}. */
    public void autoAdvance(AutoAdvance plan) {
        hub.updateSettings(settings -> settings.withAutoAdvance(Optional.of(plan)));
    }

    /** Turns lifecycle timers off: jobs stay where they are until told. */
    public void stopAutoAdvance() {
        hub.updateSettings(settings -> settings.withAutoAdvance(Optional.empty()));
    }

    /** Delays every Hub API request by {@code delay} before answering it. */
    public void latency(Duration delay) {
        hub.updateSettings(settings -> settings.withLatency(delay));
    }

    /**
     * Sets the silence after which log and metrics streams send a {@code : keep-alive} comment (the
     * Hub's is 30 s). Keep it above 5 s where a client reads logs without following a live job:
     * huggingface_hub stops such a read after 5 s without a byte, and keep-alives would hold it.
     */
    public void keepAlive(Duration period) {
        hub.updateSettings(settings -> settings.withKeepAlive(period));
    }

    /** Sets the time between two metric samples of a running job (the Hub's is 1 s). */
    public void metricsPeriod(Duration period) {
        hub.updateSettings(settings -> settings.withMetricsPeriod(period));
    }

    /**
     * Turns the lines jobs print by themselves (their command line on start, a line per later stage
     * change) on (the default) or off, for tests that want a log made only of what they added.
     */
    public void defaultLogLines(boolean on) {
        hub.updateSettings(settings -> settings.withDefaultLogLines(on));
    }

    /**
     * Makes the next {@code count} requests whose method and path match answer {@code status} with
     * an error body, without doing anything.
     *
     * @param method    the HTTP method, or {@code "*"} (or null) for any
     * @param pathRegex a regex found anywhere in the decoded path; anchor it with {@code ^...$}
     * @param status    400-599
     */
    public void failNext(String method, String pathRegex, int count, int status) {
        faults.failNext(method, pathRegex, count, status);
    }

    /**
     * Makes the next {@code count} Hub API requests answer 429 with {@code Retry-After: N} and
     * {@code RateLimit: "api";r=0;t=N}, without doing anything.
     */
    public void rateLimitNext(int count, int retryAfterSeconds) {
        faults.rateLimitNext(count, retryAfterSeconds);
    }

    /**
     * Makes the next {@code count} successful {@code POST /api/jobs/{ns}} create their job and then
     * close the connection without answering: the client sees an I/O error, the job exists.
     */
    public void dropAfterCreate(int count) {
        faults.dropAfterCreate(count);
    }

    /**
     * Makes the next {@code count} Hub API requests answer 200 with truncated JSON. The request is
     * carried out first (a create does create its job); only the answer is broken.
     */
    public void malformedNext(int count) {
        faults.malformedNext(count);
    }

    /** @return the hardware catalog served now */
    public List<Hardware> hardware() {
        return hub.catalog();
    }

    /** Replaces the hardware catalog (a price change, a flavor removed); jobs are validated against it. */
    public void hardware(List<Hardware> catalog) {
        hub.replaceCatalog(catalog);
    }

    /** Forgets every job, scheduled job, fault and recorded request, and restores the built settings. */
    public void reset() {
        hub.reset();
        faults.reset();
        log.clear();
    }

    // ---- recording --------------------------------------------------------------------------

    /** @return the Hub API requests received so far, oldest first (at most the last 10,000) */
    public List<RecordedRequest> requests() {
        return log.snapshot();
    }

    /** Forgets the recorded requests. */
    public void clearRequests() {
        log.clear();
    }

    private JobSnapshot snapshot(JobRecord job) {
        return new JobSnapshot(job.id(), job.namespace(), job.stage(), job.message(), job.createdAt(),
                job.startedAt(), job.finishedAt(), job.spec().flavor(), job.labels(), job.spec().secretNames(),
                job.scheduledJobId(), Json.write(WireFormat.job(job, hub.now())));
    }

    /** Configures an emulator; every setting has a default. Not thread-safe. */
    public static final class Builder {

        private int port;
        private final List<EmulatorUser> users = new ArrayList<>();
        private int pageSize = Settings.DEFAULT_PAGE_SIZE;
        private Clock clock = Clock.systemUTC();
        private AutoAdvance autoAdvance;
        private boolean legacyMode;
        private Duration latency = Duration.ZERO;
        private List<Hardware> hardware = Hardware.defaultCatalog();
        private Duration keepAlive = Settings.StreamPace.HUB.keepAlive();
        private Duration metricsPeriod = Settings.StreamPace.HUB.metricsPeriod();
        private boolean defaultLogLines = true;

        private Builder() {
        }

        /** @param port the port to bind on 127.0.0.1; 0 (the default) picks a free one */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new EmulatorException("port must be 0-65535, not " + port);
            }
            this.port = port;
            return this;
        }

        /** Adds a user; once one is added, the default fixture (alice, bob) is not used. */
        public Builder user(String name, String token, String... orgs) {
            users.add(EmulatorUser.of(name, token, orgs));
            return this;
        }

        /** @param size how many jobs a page of GET /api/jobs/{ns} holds; default 50 */
        public Builder pageSize(int size) {
            this.pageSize = size;
            return this;
        }

        /** @param clock the clock for timestamps, durations and timers; default the system clock */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Starts with lifecycle timers on; see {@link AutoAdvance}. */
        public Builder autoAdvance(AutoAdvance plan) {
            this.autoAdvance = Objects.requireNonNull(plan, "plan");
            return this;
        }

        /** Starts in legacy mode; see {@link HfJobsEmulator#legacyMode(boolean)}. */
        public Builder legacyMode(boolean on) {
            this.legacyMode = on;
            return this;
        }

        /** Starts with a delay added to every Hub API request. */
        public Builder latency(Duration delay) {
            this.latency = Objects.requireNonNull(delay, "delay");
            return this;
        }

        /** Starts with another hardware catalog than {@link Hardware#defaultCatalog()}. */
        public Builder hardware(List<Hardware> catalog) {
            this.hardware = List.copyOf(catalog);
            return this;
        }

        /** Starts with another keep-alive period; see {@link HfJobsEmulator#keepAlive(Duration)}. */
        public Builder keepAlive(Duration period) {
            this.keepAlive = Objects.requireNonNull(period, "period");
            return this;
        }

        /** Starts with another metrics period; see {@link HfJobsEmulator#metricsPeriod(Duration)}. */
        public Builder metricsPeriod(Duration period) {
            this.metricsPeriod = Objects.requireNonNull(period, "period");
            return this;
        }

        /** Starts with default log lines on or off; see {@link HfJobsEmulator#defaultLogLines(boolean)}. */
        public Builder defaultLogLines(boolean on) {
            this.defaultLogLines = on;
            return this;
        }

        /** @return the emulator, not started yet */
        public HfJobsEmulator build() {
            return new HfJobsEmulator(this);
        }

        /** @return the emulator, started */
        public HfJobsEmulator start() {
            return build().start();
        }
    }
}
