package dev.hfjobs.localstack;

import dev.hfjobs.devstack.CreatedStack;
import dev.hfjobs.devstack.DevStackException;
import dev.hfjobs.devstack.MotoProcess;
import dev.hfjobs.devstack.Ports;
import dev.hfjobs.devstack.ProjectFiles;
import dev.hfjobs.devstack.StackClients;
import dev.hfjobs.emulator.AutoAdvance;
import dev.hfjobs.emulator.EmulatorException;
import dev.hfjobs.emulator.HfJobsEmulator;
import dev.hfjobs.localinvoke.FunctionConfig;
import dev.hfjobs.localinvoke.LocalInvoke;
import dev.hfjobs.localinvoke.LocalInvokeException;
import dev.hfjobs.localinvoke.Options;
import dev.hfjobs.localinvoke.Overrides;
import dev.hfjobs.localinvoke.SamTemplate;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code scripts/local-up}: moto_server and the HF Jobs emulator on the ports env.json names, what
 * template.yaml declares and the token secret created on moto, and the job the sample events
 * inspect and cancel created in the emulator; then it waits for Ctrl-C. The emulator moves every
 * job along by itself: SCHEDULING, RUNNING, COMPLETED. moto runs Step Functions state machines
 * (pipelines whose tasks wait for a job's task token).
 *
 * <p>{@code local-up [-t template.yaml] [-n events/env.json] [--moto-port N] [--hub-port N]}; the ports
 * default to {@code $LOCAL_UP_MOTO_PORT}/{@code $LOCAL_UP_HUB_PORT}, else env.json's. On other ports
 * than env.json's it writes the env.json to use instead, and says so.
 */
public final class LocalUp implements AutoCloseable {

    /** The emulator's token for alice, what the token secret holds. */
    static final String TOKEN = "hf_test_alice";
    /** The job events/api-inspect-v2.json and api-cancel-v2.json name, in namespace alice. */
    static final String SAMPLE_JOB_ID = "0123456789abcdef01234567";
    static final String SAMPLE_JOB_SPEC = """
            {"dockerImage": "python:3.12", "command": ["python", "-c", "print('hello from the cloud')"],
             "arguments": [], "environment": {}, "flavor": "cpu-basic", "timeoutSeconds": 600,
             "labels": {"team": "ml"}}""";
    /** Slow enough to watch a job's stages with the sample events, as the emulator's --auto-advance. */
    static final AutoAdvance TIMERS = AutoAdvance.completing(Duration.ofSeconds(5), Duration.ofSeconds(30));

    private final Settings settings;
    private final MotoProcess moto;
    private final HfJobsEmulator hub;
    private final StackClients aws;
    private final EnvJsonStack stack;
    private OutboxMapping outbox;
    private LocalInvoke outboxFunction;

    /**
     * What to start.
     *
     * @param motoPort   0 for a free port
     * @param hubPort    0 for a free port
     * @param workDir    where moto's log and, on other ports, the env.json to use go
     * @param parameters template parameter values over the defaults, e.g. {@code ExamplePipeline=train-evaluate}
     */
    record Settings(Path template, Path envJson, int motoPort, int hubPort, AutoAdvance timers, Path workDir,
            Map<String, String> parameters) {

        Settings {
            parameters = Map.copyOf(parameters);
        }

        /** On env.json's own ports ({@code AWS_ENDPOINT_URL}, {@code HF_ENDPOINT}). */
        static Settings fromEnvJson(Path template, Path envJson, Path workDir) {
            Map<String, String> parameters = Overrides.fromEnvFile(envJson).globalEnv();
            return new Settings(template, envJson, port(parameters, "AWS_ENDPOINT_URL", envJson),
                    port(parameters, "HF_ENDPOINT", envJson), TIMERS, workDir, Map.of());
        }

        Settings withPorts(int moto, int hub) {
            return new Settings(template, envJson, moto, hub, timers, workDir, parameters);
        }

        Settings withTimers(AutoAdvance plan) {
            return new Settings(template, envJson, motoPort, hubPort, plan, workDir, parameters);
        }

        Settings withParameters(Map<String, String> values) {
            return new Settings(template, envJson, motoPort, hubPort, timers, workDir, values);
        }

        private static int port(Map<String, String> parameters, String variable, Path envJson) {
            String url = parameters.getOrDefault(variable, "");
            int port = url.isBlank() ? -1 : URI.create(url).getPort();
            if (port <= 0) {
                throw new DevStackException(envJson + " gives " + variable + " no http://127.0.0.1:PORT URL");
            }
            return port;
        }
    }

    private LocalUp(Settings settings, MotoProcess moto, HfJobsEmulator hub, StackClients aws, EnvJsonStack stack) {
        this.settings = settings;
        this.moto = moto;
        this.hub = hub;
        this.aws = aws;
        this.stack = stack;
    }

    /**
     * Starts everything, or nothing: what started is stopped again when a later step fails.
     *
     * @throws DevStackException when a port is in use (checked before anything starts) or moto_server fails
     * @throws EmulatorException when the emulator cannot start
     */
    static LocalUp start(Settings settings) {
        requireFree(settings.motoPort(), "moto_server");
        requireFree(settings.hubPort(), "the HF Jobs emulator");
        MotoProcess moto = MotoProcess.start(settings.motoPort(), settings.workDir().resolve("moto.log"));
        HfJobsEmulator hub = null;
        StackClients aws = null;
        try {
            // Before any state machine exists: moto does not find those created before it runs them.
            moto.enableStepFunctions();
            hub = HfJobsEmulator.builder().port(settings.hubPort()).autoAdvance(settings.timers()).start();
            hub.seedJob(SAMPLE_JOB_ID, "alice", "alice", SAMPLE_JOB_SPEC);
            aws = StackClients.forEndpoint(moto.endpoint());
            EnvJsonStack stack = EnvJsonStack.create(SamTemplate.load(settings.template()), settings.envJson(), aws,
                    Map.of("AWS_ENDPOINT_URL", moto.endpoint().toString(), "HF_ENDPOINT", hub.endpoint().toString()),
                    TOKEN, settings.workDir(), settings.parameters());
            return new LocalUp(settings, moto, hub, aws, stack);
        } catch (RuntimeException e) {
            closeAll(aws, hub, moto);
            throw e;
        }
    }

    private static void requireFree(int port, String what) {
        if (port != 0 && !Ports.isFree(port)) {
            throw new DevStackException("port " + port + " on 127.0.0.1 is already in use, so " + what
                    + " cannot listen there. Stop what listens (ss -ltnp 'sport = :" + port + "' shows it; an "
                    + "earlier local-up?) or choose other ports: --moto-port N --hub-port N");
        }
    }

    URI moto() {
        return moto.endpoint();
    }

    HfJobsEmulator hub() {
        return hub;
    }

    StackClients aws() {
        return aws;
    }

    CreatedStack stack() {
        return stack.stack();
    }

    String secretId() {
        return stack.secretId();
    }

    /** The env.json that names this stack: the given one on its own ports, else a copy in the work folder. */
    Path envJson() {
        return stack.envJsonFile();
    }

    Overrides overrides() {
        return stack.overrides();
    }

    /** What runs, what was created, and what to try next. */
    void describe(PrintStream out) {
        Path root = settings.template().toAbsolutePath().getParent();
        String envJson = relative(root, envJson());
        String template = relative(root, settings.template().toAbsolutePath());
        out.printf("moto_server        %s   (log: %s)%n", moto(),
                relative(root, settings.workDir().resolve("moto.log")));
        out.printf("HF Jobs emulator   %s   (user alice, token %s; jobs %d s SCHEDULING, %d s RUNNING, then "
                + "COMPLETED)%n", hub.endpoint(), TOKEN, settings.timers().scheduling().toSeconds(),
                settings.timers().running().toSeconds());
        out.println();
        out.println("Created from " + template + ":");
        stack().resources().values().forEach(resource -> out.printf("  %-32s %-10s %s%n", resource.logicalId(),
                kind(resource), resource.ref()));
        out.printf("  %-32s %-10s %s (alice's emulator token)%n", "token secret", "secret", stack.secretId());
        out.printf("  %-32s %-10s %s in namespace alice (events/api-inspect-v2.json, api-cancel-v2.json)%n",
                "sample job", "HF job", SAMPLE_JOB_ID);
        out.println();
        out.println("EventOutboxFunction reads the jobs table's stream, as its event source mapping would (every second,"
                + " through local invoke): new jobs' \"HF Job Submitted\" events reach the bus.");
        out.println();
        out.println("env.json for the functions: " + envJson);
        out.println();
        out.println("Next, in another terminal:");
        out.println("  ./scripts/local-api" + (envJson.equals("events/env.json") ? "" : " -n " + envJson)
                + "     # the HTTP API on http://127.0.0.1:3000");
        out.println("  curl -s -X POST localhost:3000/jobs -H 'content-type: application/json' "
                + "-d '{\"image\":\"python:3.12\",\"command\":[\"echo\",\"hi\"]}'");
        out.println("  ./scripts/local-invoke -t " + template + " -e events/api-hardware-v2.json -n " + envJson
                + " ApiFunction");
        out.println("  (every events/*.json works the same way: " + SampleEvents.FUNCTION_BY_PREFIX.entrySet().stream()
                .map(e -> e.getKey() + "* -> " + e.getValue()).reduce((a, b) -> a + ", " + b).orElse("") + ")");
        out.println();
        out.println("Ctrl-C stops moto_server and the emulator (everything is in memory: nothing is kept).");
    }

    private static String kind(CreatedStack.Resource resource) {
        return switch (resource) {
            case CreatedStack.Table table -> "table";
            case CreatedStack.Queue queue -> "queue";
            case CreatedStack.EventBus bus -> "event bus";
            case CreatedStack.LogGroup group -> "log group";
            case CreatedStack.StateMachine machine -> "state machine";
        };
    }

    private static String relative(Path root, Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(root) ? root.relativize(absolute).toString() : absolute.toString();
    }

    /**
     * Plays the template's event source mapping of the jobs table's stream in the background, as
     * Lambda does: every {@code period}, new job records' events go to {@code EventOutboxFunction}
     * through local invoke (its JVM starts with the first record), which publishes them on the bus.
     */
    synchronized void mapTheOutbox(Duration period) {
        if (outbox != null) {
            return;
        }
        Path root = settings.template().toAbsolutePath().getParent();
        FunctionConfig config = SamTemplate.load(settings.template()).function(OutboxMapping.FUNCTION, overrides());
        Options options = Options.defaults().withRuntimeDir(root.resolve("local-invoke/target/ric"));
        outbox = new OutboxMapping(moto(), stack().table("JobsTable").streamArn(), event -> {
            synchronized (this) {
                if (outboxFunction == null) {
                    outboxFunction = LocalInvoke.of(config, options);
                }
                return outboxFunction.invoke(event);
            }
        });
        outbox.poll(period, System.err);
    }

    /** Stops the emulator and moto_server (and its children). Safe to call twice. */
    @Override
    public void close() {
        OutboxMapping mapping;
        LocalInvoke function;
        synchronized (this) {
            mapping = outbox;
            function = outboxFunction;
        }
        if (mapping != null) {
            mapping.close();
        }
        if (function != null) {
            function.close();
        }
        closeAll(aws, hub, moto);
    }

    private static void closeAll(StackClients aws, HfJobsEmulator hub, MotoProcess moto) {
        if (aws != null) {
            aws.close();
        }
        if (hub != null) {
            hub.close();
        }
        moto.close();
    }

    public static void main(String[] args) throws InterruptedException {
        LocalUp up;
        try {
            up = start(settings(args));
        } catch (DevStackException | EmulatorException | LocalInvokeException | IllegalArgumentException e) {
            System.err.println("local-up: " + e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            up.close();
            System.out.println("\nlocal-up: stopped moto_server and the HF Jobs emulator");
        }, "local-up-stop"));
        up.mapTheOutbox(Duration.ofSeconds(1));
        up.describe(System.out);
        System.out.flush();
        new CountDownLatch(1).await();
    }

    static Settings settings(String[] args) {
        Path root = ProjectFiles.root();
        Path template = root.resolve("template.yaml");
        Path envJson = root.resolve("events/env.json");
        Integer motoPort = portFromEnvironment("LOCAL_UP_MOTO_PORT");
        Integer hubPort = portFromEnvironment("LOCAL_UP_HUB_PORT");
        Deque<String> rest = new ArrayDeque<>(List.of(args));
        while (!rest.isEmpty()) {
            String arg = rest.pop();
            switch (arg) {
                case "-t", "--template" -> template = Path.of(value(arg, rest)).toAbsolutePath();
                case "-n", "--env-vars" -> envJson = Path.of(value(arg, rest)).toAbsolutePath();
                case "--moto-port" -> motoPort = port(arg, value(arg, rest));
                case "--hub-port" -> hubPort = port(arg, value(arg, rest));
                default -> throw new IllegalArgumentException("unknown argument " + arg + "\nusage: local-up "
                        + "[-t template.yaml] [-n events/env.json] [--moto-port N] [--hub-port N]");
            }
        }
        Settings settings = Settings.fromEnvJson(template, envJson, root.resolve("build/local-up"));
        return settings.withPorts(motoPort == null ? settings.motoPort() : motoPort,
                hubPort == null ? settings.hubPort() : hubPort);
    }

    private static Integer portFromEnvironment(String variable) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? null : port(variable, value);
    }

    private static String value(String option, Deque<String> rest) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return rest.pop();
    }

    private static int port(String option, String value) {
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " needs a port number (0-65535), not " + value);
    }
}
