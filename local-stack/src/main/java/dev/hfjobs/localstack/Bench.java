package dev.hfjobs.localstack;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.Log;
import dev.hfjobs.aws.AwsClients;
import dev.hfjobs.devstack.MotoProcess;
import dev.hfjobs.devstack.ResourceNames;
import dev.hfjobs.devstack.StackClients;
import dev.hfjobs.devstack.TemplateResources;
import dev.hfjobs.emulator.HfJobsEmulator;
import dev.hfjobs.localinvoke.FunctionConfig;
import dev.hfjobs.localinvoke.InvokeResult;
import dev.hfjobs.localinvoke.LocalInvoke;
import dev.hfjobs.localinvoke.Options;
import dev.hfjobs.localinvoke.Overrides;
import dev.hfjobs.localinvoke.SamTemplate;
import dev.hfjobs.model.Wire;
import dev.hfjobs.wiring.Wiring;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * {@code scripts/bench}: cold starts, warm overhead, the SQS batch, the poller at scale, package
 * size and peak memory, measured in one run against moto_server and the HF Jobs emulator, printed
 * as one table. Arguments: {@code template.yaml events/ [--quick] [--runs N] [--label text] [--only cold,warm,batch,poller] [--warm N]}.
 * {@code HF_HUB_PYTHON} names the Python with huggingface_hub for the reference column.
 */
public final class Bench {
    static final String TOKEN = LocalStory.TOKEN;
    private static final PrintStream OUT = System.out;
    private static final String FLOOR = "trivial handler (floor)";
    private static final String PYTHON = "huggingface_hub run_job (python -c)";
    private static final String PRIMED = "primed (≈ SnapStart restore), first invoke: ";
    private static final String PRIMED_WARM = "primed (≈ SnapStart restore): ";
    private static final String PEER = "Python peer (boto3 + huggingface_hub) POST /jobs";
    private static final String API = "ApiFunction POST /jobs";
    private static final String BEFORE = "before (BENCH_BEFORE_*): ";
    /** Rounds the compared warm submits are made in, the project's and the peer's in turn. */
    private static final int ROUNDS = 5;
    /** Sequential warm submits the project and the peer are compared on. */
    private static final int WARM_COMPARED = 40;

    private final SamTemplate template;
    private final Path events;
    private final HfJobsEmulator hub;
    private final URI moto;
    private final AwsClients aws;
    private final StackClients stackClients;
    private final Settings settings;
    private final Options options = Options.defaults()
            .withRuntimeDir(Path.of("local-invoke/target/ric").toAbsolutePath());
    private final Map<String, Stats> cold = new LinkedHashMap<>();
    private final Map<String, Stats> coldInit = new LinkedHashMap<>();
    private final Map<String, Long> peakMb = new LinkedHashMap<>();
    private final List<Row> rows = new ArrayList<>();
    private PythonPeer peer;
    private double ourWarmMean = Double.NaN;
    private int unique;

    /** What the command line asked for. */
    record Settings(int runs, int warmCalls, int pollerJobs, String label, Set<String> parts) {
        static final Set<String> PARTS = Set.of("cold", "warm", "batch", "poller");

        static Settings parse(String[] args) {
            boolean quick = List.of(args).contains("--quick");
            int runs = quick ? 3 : 5;
            String label = "";
            Set<String> parts = PARTS;
            int warmCalls = quick ? 10 : 20;
            for (int i = 0; i < args.length - 1; i++) {
                switch (args[i]) {
                    case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                    case "--label" -> label = args[i + 1];
                    case "--only" -> parts = Set.of(args[i + 1].split(","));
                    case "--warm" -> warmCalls = Integer.parseInt(args[i + 1]);
                    default -> { }
                }
            }
            if (!PARTS.containsAll(parts)) {
                throw new IllegalArgumentException("--only takes a comma-separated list of " + PARTS);
            }
            return new Settings(runs, warmCalls, quick ? 1_000 : 10_000, label, parts);
        }

        boolean runs(String part) {
            return parts.contains(part);
        }
    }

    /** One line of the table. */
    record Row(String figure, String value, String ratio, String target) {}

    private Bench(SamTemplate template, Path events, HfJobsEmulator hub, URI moto, Settings settings) {
        this.template = template;
        this.events = events;
        this.hub = hub;
        this.moto = moto;
        this.settings = settings;
        this.aws = AwsClients.forEndpoint(moto, Region.US_EAST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")));
        this.stackClients = StackClients.forEndpoint(moto);
    }

    public static void main(String[] args) throws Exception {
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (Set.of("--runs", "--label", "--only", "--warm").contains(args[i])) {
                i++;
            } else if (!args[i].startsWith("--")) {
                positional.add(args[i]);
            }
        }
        Path template = Path.of(positional.size() > 0 ? positional.get(0) : "template.yaml").toAbsolutePath();
        Path events = Path.of(positional.size() > 1 ? positional.get(1) : "events").toAbsolutePath();
        Settings settings = Settings.parse(args);
        Path work = Files.createTempDirectory("hf-jobs-bench");
        Log.redirect(line -> { });
        try (MotoProcess moto = MotoProcess.start(0, work.resolve("moto.log"));
                HfJobsEmulator hub = HfJobsEmulator.builder().user("alice", TOKEN, "acme-ml", "acme-research")
                        .start()) {
            new Bench(SamTemplate.load(template), events, hub, moto.endpoint(), settings).run(work);
        }
        System.exit(0);
    }

    private void run(Path work) throws Exception {
        Overrides overrides = EnvJsonStack.create(template, events.resolve("env.json"), stackClients,
                Map.of("AWS_ENDPOINT_URL", moto.toString(), "HF_ENDPOINT", hub.endpoint().toString()), TOKEN, work,
                Map.of()).overrides();
        FunctionConfig api = tuned(template.function("ApiFunction", overrides));
        FunctionConfig queue = tuned(template.function("QueueSubmitFunction", overrides));
        FunctionConfig poller = tuned(template.function("StatusPollerFunction", overrides));
        FunctionConfig catalog = tuned(template.function("HardwareCatalogFunction", overrides));
        FunctionConfig floor = FunctionConfig.of("EchoFunction", EchoHandler.class.getName() + "::handleRequest",
                        echoZip(work)).withMemorySize(api.memorySizeMb()).withTimeout(10)
                .withEnvironment(Map.of("JAVA_TOOL_OPTIONS", api.environment().getOrDefault("JAVA_TOOL_OPTIONS", "")));
        String pollEvent = read("schedule-poller.json");
        String catalogEvent = read("schedule-catalog.json");
        peer = peer(api);
        FunctionConfig before = before(api);
        boolean primable = System.getenv("BENCH_ZIP") == null;
        Path primedZip = primable ? primedZip(api.codeUri(), work) : null;
        OUT.printf("cold starts: %d rounds ...%n", settings.runs());
        for (int round = 0; settings.runs("cold") && round < settings.runs(); round++) {
            cold(FLOOR, floor, "{\"ping\": 1}");
            cold(API, api, submitEvent());
            if (before != null) {
                cold(BEFORE + API, before, submitEvent());
            }
            cold("QueueSubmitFunction, sample batch (3)", queue, sampleBatch());
            cold("StatusPollerFunction", poller, pollEvent);
            cold("HardwareCatalogFunction", catalog, catalogEvent);
            python();
            if (peer != null) {
                cold.computeIfAbsent(PEER, n -> new Stats()).add(peer.cold(submitEvent()));
            }
            if (primable) {
                cold(PRIMED + API, primed(api, primedZip), submitEvent());
                cold(PRIMED + "QueueSubmitFunction, sample batch (3)", primed(queue, primedZip), sampleBatch());
                cold(PRIMED + "StatusPollerFunction", primed(poller, primedZip), pollEvent);
                cold(PRIMED + "HardwareCatalogFunction", primed(catalog, primedZip), catalogEvent);
            }
        }
        if (settings.runs("cold")) {
            coldRows();
        }
        if (settings.runs("warm")) {
            warmSubmit(api, before, primable ? primed(api, primedZip) : null);
        }
        peerRows();
        if (settings.runs("batch")) {
            batch(queue);
        }
        if (settings.runs("poller")) {
            pollerAtScale(overrides);
        }
        sizes(api, floor);
        print(api, floor);
    }

    /**
     * {@code BENCH_JAVA_TOOL_OPTIONS}, when set, replaces the template's JVM flags (to try some);
     * {@code BENCH_ZIP} another deployment package (e.g. an earlier commit's, for a before/after).
     */
    private static FunctionConfig tuned(FunctionConfig function) {
        FunctionConfig tuned = function;
        String zip = System.getenv("BENCH_ZIP");
        if (zip != null && !zip.isBlank()) {
            tuned = withCode(function, Path.of(zip));
        }
        String flags = System.getenv("BENCH_JAVA_TOOL_OPTIONS");
        if (flags == null || flags.isBlank()) {
            return tuned;
        }
        Map<String, String> env = new LinkedHashMap<>(tuned.environment());
        env.put("JAVA_TOOL_OPTIONS", flags);
        return tuned.withEnvironment(env);
    }

    private static FunctionConfig withCode(FunctionConfig function, Path zip) {
        return new FunctionConfig(function.logicalId(), function.functionName(), function.handler(),
                function.runtime(), zip.toAbsolutePath(), function.memorySizeMb(), function.timeoutSeconds(),
                function.environment(), function.logFormat(), function.logLevel(), function.region());
    }

    /**
     * {@code BENCH_BEFORE_ZIP}, when set: ApiFunction from another package (an earlier commit's),
     * measured in the same rounds as this one, cold and warm, so that a before/after pair shares
     * the machine's moment and moto's state. {@code BENCH_BEFORE_JAVA_TOOL_OPTIONS} gives the "before"
     * function other JVM flags (with or without another package): two flag sets in the same rounds.
     */
    private static FunctionConfig before(FunctionConfig api) {
        String zip = System.getenv("BENCH_BEFORE_ZIP");
        String flags = System.getenv("BENCH_BEFORE_JAVA_TOOL_OPTIONS");
        boolean otherZip = zip != null && !zip.isBlank();
        boolean otherFlags = flags != null && !flags.isBlank();
        if (!otherZip && !otherFlags) {
            return null;
        }
        FunctionConfig before = otherZip ? withCode(api, Path.of(zip)) : api;
        if (!otherFlags) {
            return before;
        }
        Map<String, String> env = new LinkedHashMap<>(before.environment());
        env.put("JAVA_TOOL_OPTIONS", flags);
        return before.withEnvironment(env);
    }

    // ---- cold starts -------------------------------------------------------------------------

    private void cold(String name, FunctionConfig function, String event) {
        InvokeResult result = LocalInvoke.invokeOnce(function, event, options);
        check(name, result);
        cold.computeIfAbsent(name, n -> new Stats()).add(name.startsWith(PRIMED) ? result.durationMs()
                : result.initDurationMs() + result.durationMs());
        coldInit.computeIfAbsent(name, n -> new Stats()).add(result.initDurationMs());
        peakMb.merge(name, result.maxMemoryUsedMb(), Math::max);
    }

    private static void check(String name, InvokeResult result) {
        if (result.isError() || result.payload().contains("\"statusCode\":5")
                || result.payload().contains("\"statusCode\":4")) {
            throw new IllegalStateException(name + " failed: " + LocalStory.abbreviate(result.payload()) + "\n"
                    + result.logs());
        }
    }

    /** The peer, when {@code HF_HUB_PYTHON} has boto3 too (scripts/bench makes sure it has). */
    private static PythonPeer peer(FunctionConfig api) {
        String python = System.getenv("HF_HUB_PYTHON");
        Path dir = Path.of("local-stack", "peer").toAbsolutePath();
        return python == null || python.isBlank() || !Files.exists(dir.resolve("handler.py")) ? null
                : new PythonPeer(python, dir, api.environment());
    }

    /** The project against the peer, each ratio with the target. */
    private void peerRows() {
        if (peer == null || !settings.runs("cold")) {
            return;
        }
        double peerCold = cold.get(PEER).median();
        double ourCold = cold.get(API).median();
        rows.add(new Row("project / peer, plain cold start", "", ratio(ourCold, peerCold) + " peer",
                "≤ 1.3 × peer: " + met(ourCold <= 1.3 * peerCold)));
        Stats before = cold.get(BEFORE + API);
        if (before != null) {
            rows.add(new Row(BEFORE + "project / peer, plain cold start", "", ratio(before.median(), peerCold)
                    + " peer", ""));
        }
        Stats primed = cold.get(PRIMED + API);
        if (primed != null) {
            rows.add(new Row("project primed first invoke / peer cold", "", ratio(primed.median(), peerCold)
                    + " peer", "≤ 0.5 × peer: " + met(primed.median() <= 0.5 * peerCold)));
        }
    }

    private void python() throws IOException, InterruptedException {
        String python = System.getenv("HF_HUB_PYTHON");
        if (python == null || python.isBlank()) {
            return;
        }
        String script = "from huggingface_hub import run_job\n"
                + "job = run_job(image='python:3.12', command=['python', '-c', \"print('hello from the cloud')\"],"
                + " env={'GREETING': 'hello'}, secrets={'WANDB_API_KEY': 'fake'}, flavor='cpu-basic',"
                + " timeout='10m', labels={'team': 'ml'}, namespace='alice')\n"
                + "assert job.id\n";
        ProcessBuilder builder = new ProcessBuilder(python, "-c", script).redirectErrorStream(true);
        builder.environment().put("HF_ENDPOINT", hub.endpoint().toString());
        builder.environment().put("HF_TOKEN", TOKEN);
        builder.environment().put("HF_HUB_DISABLE_TELEMETRY", "1");
        long started = System.nanoTime();
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        int status = process.waitFor();
        double millis = (System.nanoTime() - started) / 1e6;
        if (status != 0) {
            throw new IllegalStateException("python run_job failed: " + new String(output, StandardCharsets.UTF_8));
        }
        cold.computeIfAbsent(PYTHON, n -> new Stats()).add(millis);
    }

    private void coldRows() {
        double floor = cold.get(FLOOR).median();
        cold.forEach((name, stats) -> {
            if (name.startsWith(PRIMED)) {
                rows.add(new Row(name, String.format(Locale.ROOT, "%.0f ms (init+priming %.0f)", stats.median(),
                        coldInit.get(name).median()), ratio(stats.median(), floor) + " floor",
                        "≤ 1.5 × floor: " + met(stats.median() <= 1.5 * floor)));
                return;
            }
            boolean java = !name.equals(PYTHON) && !name.equals(PEER);
            String value = String.format(Locale.ROOT, "%.0f ms%s", stats.median(), java
                    ? String.format(Locale.ROOT, " (init %.0f)", coldInit.get(name).median()) : " (process wall)");
            String target = name.equals(FLOOR) || !java ? "" : "≤ 1.5 × floor: " + met(stats.median() <= 1.5 * floor);
            rows.add(new Row("cold start: " + name, value, ratio(stats.median(), floor) + " floor", target));
        });
    }

    // ---- warm submit ---------------------------------------------------------------------------

    /**
     * The project's warm submits, and the peer's in the same rounds: {@value #ROUNDS} times, 8 of
     * ours then 8 of the peer's (each round a fresh peer process with its own 5 warm-up calls), so
     * that both meet the backends in the same state (moto slows as its tables and buses fill); with
     * {@code BENCH_BEFORE_ZIP}, 8 of the earlier package's too, in a JVM of its own; and 8 of the
     * SnapStart stand-in's (primed before its first call, as the template deploys the function).
     * Calls beyond the compared 40 ({@code --warm N}) follow, for the split and the median.
     */
    private void warmSubmit(FunctionConfig api, FunctionConfig before, FunctionConfig primed)
            throws IOException, InterruptedException {
        OUT.printf("warm submits: %d%s ...%n", Math.max(settings.warmCalls(), WARM_COMPARED),
                peer == null ? "" : ", the peer's in the same rounds");
        hub.latency(Duration.ZERO);
        try (LocalInvoke lambda = LocalInvoke.of(api, options);
                LocalInvoke earlier = before == null ? null : LocalInvoke.of(before, options);
                LocalInvoke restored = primed == null ? null : LocalInvoke.of(primed, options)) {
            for (int i = 0; i < 5; i++) {
                check("warm-up", lambda.invoke(submitEvent()));
                if (earlier != null) {
                    check("warm-up", earlier.invoke(submitEvent()));
                }
                if (restored != null) {
                    check("warm-up", restored.invoke(submitEvent()));
                }
            }
            hub.clearRequests();
            Stats durations = new Stats();
            Stats compared = new Stats();
            Stats beforeWarm = new Stats();
            Stats primedWarm = new Stats();
            Stats peerWarm = new Stats();
            int calls = Math.max(settings.warmCalls(), WARM_COMPARED);
            int perRound = WARM_COMPARED / ROUNDS;
            StepSplit steps = new StepSplit();
            StepSplit primedSteps = new StepSplit();
            int hubCalls = 0;
            for (int i = 0; i < calls; i++) {
                InvokeResult result = lambda.invoke(submitEvent());
                check("warm submit", result);
                durations.add(result.durationMs());
                steps.add(result.logs(), result.durationMs());
                hubCalls += hub.requests().size();
                hub.clearRequests();
                if (i >= WARM_COMPARED) {
                    continue;
                }
                compared.add(result.durationMs());
                if ((i + 1) % perRound == 0) {
                    for (int j = 0; earlier != null && j < perRound; j++) {
                        InvokeResult old = earlier.invoke(submitEvent());
                        check("warm submit (before)", old);
                        beforeWarm.add(old.durationMs());
                    }
                    for (int j = 0; restored != null && j < perRound; j++) {
                        InvokeResult snap = restored.invoke(submitEvent());
                        check("warm submit (primed)", snap);
                        primedWarm.add(snap.durationMs());
                        primedSteps.add(snap.logs(), snap.durationMs());
                    }
                    if (peer != null) {
                        peer.warm(submitEvent(), perRound).millis().forEach(peerWarm::add);
                    }
                    hub.clearRequests();
                }
            }
            ourWarmMean = compared.mean();
            rows.add(new Row("warm submit split, mean ms per step (the function's \"submitted\" log line)",
                    "", steps.toString(), ""));
            rows.add(new Row("warm submit: ApiFunction POST /jobs, Hub latency 0 (" + calls + " sequential)",
                    String.format(Locale.ROOT, "%.1f ms (mean %.1f)", durations.median(), durations.mean()),
                    String.format(Locale.ROOT, "%.0f Hub call(s)/submit", hubCalls / (double) calls),
                    "incl. 2 AWS calls to moto: the claim, the record with its event"));
            rows.add(new Row("warm: ApiFunction, mean of the " + WARM_COMPARED + " compared submits",
                    String.format(Locale.ROOT, "%.1f ms (median %.1f)", compared.mean(), compared.median()), "", ""));
            if (earlier != null) {
                rows.add(new Row("warm: " + BEFORE + "ApiFunction, mean of " + WARM_COMPARED + " (same rounds)",
                        String.format(Locale.ROOT, "%.1f ms (median %.1f)", beforeWarm.mean(), beforeWarm.median()),
                        ratio(compared.mean(), beforeWarm.mean()) + " before", ""));
            }
            if (peer != null) {
                rows.add(new Row("warm: Python peer, mean of " + WARM_COMPARED + " sequential submits (same rounds)",
                        String.format(Locale.ROOT, "%.1f ms (median %.1f)", peerWarm.mean(), peerWarm.median()), "",
                        ""));
                rows.add(new Row("project / peer, warm mean", "", ratio(ourWarmMean, peerWarm.mean()) + " peer",
                        "≤ 0.8 × peer: " + met(ourWarmMean <= 0.8 * peerWarm.mean())));
                if (earlier != null) {
                    rows.add(new Row(BEFORE + "project / peer, warm mean", "", ratio(beforeWarm.mean(),
                            peerWarm.mean()) + " peer", ""));
                }
                if (restored != null) {
                    // The template deploys ApiFunction with SnapStart: its warm calls run in a
                    // restored snapshot, primed (and so compiled) before it was taken.
                    rows.add(new Row("warm: " + PRIMED_WARM + "ApiFunction, mean of " + WARM_COMPARED
                            + " (same rounds)", String.format(Locale.ROOT, "%.1f ms (median %.1f)", primedWarm.mean(),
                            primedWarm.median()), "", ""));
                    rows.add(new Row(PRIMED_WARM + "warm submit split, mean ms per step", "",
                            primedSteps.toString(), ""));
                    rows.add(new Row(PRIMED_WARM + "project / peer, warm mean", "", ratio(primedWarm.mean(),
                            peerWarm.mean()) + " peer", "as deployed (SnapStart): " + met(primedWarm.mean()
                            <= 0.8 * peerWarm.mean()) + " ≤ 0.8"));
                }
            }
        }
    }

    // ---- SQS batch -----------------------------------------------------------------------------

    private void batch(FunctionConfig queue) {
        OUT.println("SQS batches at 200 ms Hub latency ...");
        try (LocalInvoke lambda = LocalInvoke.of(queue, options)) {
            hub.latency(Duration.ZERO);
            check("warm-up", lambda.invoke(batchOf(10)));
            check("warm-up", lambda.invoke(batchOf(1)));
            hub.latency(Duration.ofMillis(200));
            Stats single = new Stats();
            Stats ten = new Stats();
            Stats spread = new Stats();
            int hubCalls = 0;
            for (int i = 0; i < 5; i++) {
                hub.clearRequests();
                single.add(lambda.invoke(batchOf(1)).durationMs());
                hubCalls += hub.requests().size();
                hub.clearRequests();
                InvokeResult result = lambda.invoke(batchOf(10));
                check("batch", result);
                if (result.payload().contains("itemIdentifier")) {
                    throw new IllegalStateException("batch had failures: " + result.payload());
                }
                ten.add(result.durationMs());
                spread.add(postSpreadMillis());
                hubCalls += hub.requests().size();
                peakMb.merge("QueueSubmitFunction, sample batch (3)", result.maxMemoryUsedMb(), Math::max);
            }
            double hubCallsPerMessage = hubCalls / 55.0;
            rows.add(new Row("SQS batch, Hub latency 200 ms: 1 message (warm, median of 5)",
                    String.format(Locale.ROOT, "%.0f ms", single.median()),
                    String.format(Locale.ROOT, "%.1f Hub call(s)/message", hubCallsPerMessage), ""));
            rows.add(new Row("SQS batch, Hub latency 200 ms: 10 messages (warm, median of 5)",
                    String.format(Locale.ROOT, "%.0f ms", ten.median()), ratio(ten.median(), single.median())
                    + String.format(Locale.ROOT, " one (POSTs within %.0f ms)", spread.median()),
                    "≤ 1.5 × one: " + met(ten.median() <= 1.5 * single.median())));
        } finally {
            hub.latency(Duration.ZERO);
        }
    }

    /** How far apart the batch's first and last Hub POST arrived: ~0 when they run in parallel. */
    private double postSpreadMillis() {
        List<Instant> posts = hub.requests().stream().filter(r -> r.method().equals("POST"))
                .map(r -> r.receivedAt()).sorted().toList();
        return posts.size() < 2 ? 0 : Duration.between(posts.getFirst(), posts.getLast()).toNanos() / 1e6;
    }

    // ---- poller at scale ---------------------------------------------------------------------

    private void pollerAtScale(Overrides overrides) throws Exception {
        int jobs = settings.pollerJobs();
        OUT.printf("poller: setting up %d tracked jobs ...%n", jobs);
        String table = new TemplateResources(template, stackClients).only(Set.of("AWS::DynamoDB::Table"))
                .create(ResourceNames.unique("hf-jobs-bench-poller")).table("JobsTable").name();
        Map<String, String> env = new LinkedHashMap<>(overrides.globalEnv());
        env.put("HF_ENDPOINT", hub.endpoint().toString());
        env.put("JOBS_TABLE_NAME", table);
        try (HfJobsEmulator scaleHub = HfJobsEmulator.builder().user("alice", TOKEN, "acme-ml", "acme-research")
                .start()) {
            env.put("HF_ENDPOINT", scaleHub.endpoint().toString());
            PollerScale.Result result = PollerScale.run(Wiring.fromEnvironment(env, aws), scaleHub, jobs,
                    Duration.ofMillis(50));
            rows.add(new Row(String.format(Locale.ROOT, "poller, %,d tracked jobs, Hub latency 50 ms: quiet run", jobs),
                    String.format(Locale.ROOT, "%d Hub calls, %.1f s", result.quietCalls(), result.quietMillis() / 1000.0),
                    "", String.format(Locale.ROOT, "≤ %d: %s", result.pages(), met(result.quietCalls() <= result.pages()))));
            // Plus at most one log read per job that ended (issue 13).
            int bound = result.pages() + result.changes() + result.finished();
            rows.add(new Row(String.format(Locale.ROOT, "poller, same, %d jobs changed stage", result.changes()),
                    String.format(Locale.ROOT, "%d Hub calls, %.1f s", result.movingCalls(),
                            result.movingMillis() / 1000.0), "",
                    String.format(Locale.ROOT, "≤ %d + %d + %d = %d: %s", result.pages(), result.changes(),
                            result.finished(), bound, met(result.movingCalls() <= bound))));
        }
    }

    // ---- sizes -------------------------------------------------------------------------------

    private void sizes(FunctionConfig api, FunctionConfig floor) throws IOException {
        double mb = Files.size(api.codeUri()) / 1024.0 / 1024.0;
        rows.add(new Row("package: " + api.codeUri().getFileName() + " (all five functions)",
                String.format(Locale.ROOT, "%.1f MB", mb), "", "≤ 20 MB: " + met(mb <= 20)));
        if (!peakMb.containsKey(FLOOR)) {
            return;
        }
        peakMb.forEach((name, megabytes) -> {
            if (!name.equals(FLOOR) && !name.startsWith(PRIMED)) {
                rows.add(new Row("peak memory (VmHWM): " + name, megabytes + " MB",
                        ratio(megabytes, peakMb.get(FLOOR)) + " floor", "≤ " + api.memorySizeMb() + " MB: "
                        + met(megabytes <= api.memorySizeMb())));
            }
        });
        rows.add(new Row("peak memory (VmHWM): " + FLOOR, peakMb.get(FLOOR) + " MB", "", ""));
    }

    // ---- output ------------------------------------------------------------------------------

    private void print(FunctionConfig api, FunctionConfig floor) {
        LocalInvoke probe = LocalInvoke.of(floor, options);
        String jdk = "JDK " + probe.javaVersion() + " (" + probe.javaHome() + ")"
                + (probe.javaVersion() != api.javaVersion() ? ", as no JDK " + api.javaVersion() + " is installed" : "");
        probe.close();
        OUT.println();
        OUT.printf("Benchmark%s, %s%n", settings.label().isEmpty() ? "" : " \"" + settings.label() + "\"",
                Instant.now().toString().substring(0, 16).replace('T', ' ') + " UTC");
        OUT.printf("Machine: %d cores (%s), %s RAM; functions run on %s, %d MB, JAVA_TOOL_OPTIONS=%s%n",
                Runtime.getRuntime().availableProcessors(), Machine.cpu(), Machine.memory(), jdk, api.memorySizeMb(),
                api.environment().getOrDefault("JAVA_TOOL_OPTIONS", ""));
        OUT.printf("Cold start = fresh JVM through the local invoke to the first answer (init + first invoke), "
                + "median of %d; Hub latency 0 unless said.%n%n", settings.runs());
        int width = rows.stream().mapToInt(r -> r.figure().length()).max().orElse(10);
        String format = "| %-" + width + "s | %-24s | %-30s | %-26s |%n";
        OUT.printf(format, "figure", "value (median)", "ratio", "target");
        OUT.printf("|%s|%s|%s|%s|%n", "-".repeat(width + 2), "-".repeat(26), "-".repeat(32), "-".repeat(28));
        rows.forEach(r -> OUT.printf(format, r.figure(), r.value(), r.ratio(), r.target()));
    }

    private static String ratio(double value, double base) {
        return String.format(Locale.ROOT, "%.2f ×", value / base);
    }

    private static String met(boolean met) {
        return met ? "met" : "NOT met";
    }

    // ---- events ------------------------------------------------------------------------------

    private String submitEvent() {
        ObjectNode event = (ObjectNode) Wire.parse(readQuietly("api-submit-v2.json"));
        ((ObjectNode) event.path("headers")).put("idempotency-key", "bench-" + Instant.now().toEpochMilli() + "-" + ++unique);
        return Wire.write(event);
    }

    private String sampleBatch() {
        ObjectNode event = (ObjectNode) Wire.parse(readQuietly("sqs-batch.json"));
        for (JsonNode record : event.path("Records")) {
            freshIds((ObjectNode) record);
        }
        return Wire.write(event);
    }

    /** {@code count} valid messages (the sample's first record, each with fresh ids). */
    private String batchOf(int count) {
        JsonNode sample = Wire.parse(readQuietly("sqs-batch.json")).path("Records").get(0);
        ObjectNode event = Wire.mapper().createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (int i = 0; i < count; i++) {
            ObjectNode record = sample.deepCopy();
            freshIds(record);
            records.add(record);
        }
        return Wire.write(event);
    }

    private void freshIds(ObjectNode record) {
        String id = "bench-" + Instant.now().toEpochMilli() + "-" + ++unique;
        record.put("messageId", id);
        JsonNode key = record.path("messageAttributes").path("idempotencyKey");
        if (key.isObject()) {
            ((ObjectNode) key).put("stringValue", id);
        }
    }

    private String read(String name) throws IOException {
        return Files.readString(events.resolve(name), StandardCharsets.UTF_8);
    }

    private String readQuietly(String name) {
        try {
            return read(name);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A deployment package holding only {@link EchoHandler} and aws-lambda-java-core, as a real function has it. */
    private static Path echoZip(Path work) throws IOException {
        Path zip = work.resolve("echo-function.zip");
        String entry = EchoHandler.class.getName().replace('.', '/') + ".class";
        Path core;
        try {
            core = Path.of(RequestStreamHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip));
                InputStream handler = EchoHandler.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new ZipEntry(entry));
            handler.transferTo(out);
            out.closeEntry();
            out.putNextEntry(new ZipEntry("lib/" + core.getFileName()));
            Files.copy(core, out);
            out.closeEntry();
        }
        return zip;
    }

    /** The function run through {@link PrimedHandler} from a copy of its package that holds it. */
    private static FunctionConfig primed(FunctionConfig function, Path zip) {
        Map<String, String> env = new LinkedHashMap<>(function.environment());
        env.put("PRIMED_TARGET", function.handler().substring(0, function.handler().indexOf("::")));
        // As under SnapStart: nothing is prefetched before the snapshot (no token in it).
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
        return new FunctionConfig(function.logicalId(), function.functionName(),
                PrimedHandler.class.getName() + "::handleRequest", function.runtime(), zip, function.memorySizeMb(),
                function.timeoutSeconds(), env, function.logFormat(), function.logLevel(), function.region());
    }

    private static Path primedZip(Path packageZip, Path work) throws IOException {
        Path zip = work.resolve("primed-functions.zip");
        String entry = PrimedHandler.class.getName().replace('.', '/') + ".class";
        try (java.util.zip.ZipFile source = new java.util.zip.ZipFile(packageZip.toFile());
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip));
                InputStream handler = PrimedHandler.class.getClassLoader().getResourceAsStream(entry)) {
            for (ZipEntry e : java.util.Collections.list(source.entries())) {
                out.putNextEntry(new ZipEntry(e.getName()));
                try (InputStream in = source.getInputStream(e)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
            out.putNextEntry(new ZipEntry(entry));
            handler.transferTo(out);
            out.closeEntry();
        }
        return zip;
    }

    /** What the table says about the machine. */
    static final class Machine {
        private Machine() {}

        static String cpu() {
            return procLine("/proc/cpuinfo", "model name").orElse("cpu unknown");
        }

        static String memory() {
            return procLine("/proc/meminfo", "MemTotal").map(v -> String.format(Locale.ROOT, "%.1f GB",
                    Long.parseLong(v.replaceAll("\\D", "")) / 1024.0 / 1024.0)).orElse("? GB");
        }

        private static java.util.Optional<String> procLine(String file, String key) {
            try {
                return Files.readAllLines(Path.of(file)).stream().filter(l -> l.startsWith(key)).findFirst()
                        .map(l -> l.substring(l.indexOf(':') + 1).strip());
            } catch (IOException e) {
                return java.util.Optional.empty();
            }
        }
    }
}
