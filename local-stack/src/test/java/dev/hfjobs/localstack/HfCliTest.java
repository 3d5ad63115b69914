package dev.hfjobs.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hfjobs.devstack.Ports;
import dev.hfjobs.devstack.ProjectFiles;
import dev.hfjobs.emulator.AutoAdvance;
import dev.hfjobs.emulator.HfJobsEmulator;
import dev.hfjobs.emulator.JobSnapshot;
import dev.hfjobs.emulator.RecordedRequest;
import dev.hfjobs.localinvoke.LocalApi;
import dev.hfjobs.localinvoke.LocalInvoke;
import dev.hfjobs.localinvoke.Options;
import dev.hfjobs.localinvoke.SamTemplate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * huggingface_hub 2.0.0's own {@code hf} CLI, unchanged, against the service: local-up's stack, the
 * API served by local-api ({@code ApiFunction} through the real runtime client), and
 * {@code HF_ENDPOINT} pointing at it. The caller's {@code HF_TOKEN} is not a Hub token: the Hub (the
 * emulator) must only ever see the token from Secrets Manager. Each command is checked on what the
 * emulator received and on what the bus delivered.
 */
class HfCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What the caller's HF_TOKEN carries (a JWT in JWT mode): never a Hub token, never forwarded. */
    private static final String CALLER_TOKEN = "caller-credential-" + UUID.randomUUID();

    private final Path root = ProjectFiles.root();
    private final SamTemplate template = SamTemplate.load(root.resolve("template.yaml"));

    record Result(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    @Test
    void theHfCliWorksUnchangedAgainstTheApi(@TempDir Path work) throws Exception {
        Path hf = hfCommand();
        Path envJson = Files.writeString(work.resolve("env.json"), Files.readString(root.resolve("events/env.json"))
                .replace("127.0.0.1:5000", "127.0.0.1:" + Ports.free())
                .replace("127.0.0.1:8089", "127.0.0.1:" + Ports.free()));
        LocalUp.Settings settings = LocalUp.Settings.fromEnvJson(root.resolve("template.yaml"), envJson, work)
                .withTimers(AutoAdvance.completing(Duration.ofSeconds(1), Duration.ofSeconds(12)));
        ByteArrayOutputStream access = new ByteArrayOutputStream();
        try (LocalUp up = LocalUp.start(settings);
                LocalInvoke function = LocalInvoke.of(template.function("ApiFunction", up.overrides()),
                        Options.defaults().withRuntimeDir(root.resolve("local-invoke/target/ric")));
                LocalApi api = LocalApi.start(function, Ports.free(), new PrintStream(access, true,
                        StandardCharsets.UTF_8))) {
            String events = captureEvents(up);
            up.mapTheOutbox(Duration.ofMillis(200));
            HfJobsEmulator hub = up.hub();
            Map<String, String> env = Map.of("HF_ENDPOINT", api.endpoint().toString(), "HF_TOKEN", CALLER_TOKEN,
                    "HF_HOME", work.resolve("hf-home").toString(), "HF_HUB_DISABLE_TELEMETRY", "1", "NO_COLOR", "1");
            Cli cli = new Cli(hf, env);
            List<String> tried = new ArrayList<>();

            // hf jobs run --detach --name: one job, named, with the project's labels, posted with alice's token.
            JsonNode named = json(cli.ok(tried, "jobs", "run", "--detach", "--format", "json", "--name", "e2e-train",
                    "--label", "suite=hfcli", "python:3.12", "python", "-c", "print('hi')"));
            String first = named.path("id").asText();
            assertThat(named.path("name").asText()).isEqualTo("e2e-train");
            JsonNode posted = lastPost(hub, "/api/jobs/alice");
            assertThat(posted.path("labels").path("name").asText()).isEqualTo("e2e-train");
            assertThat(posted.path("labels").path("hfjobs-managed").asText()).isEqualTo("true");
            assertThat(posted.path("labels").path("hfjobs-source").asText()).isEqualTo("api");

            // Without --name: the CLI's own default name, as against the Hub.
            JsonNode unnamed = json(cli.ok(tried, "jobs", "run", "--detach", "--format", "json", "python:3.12",
                    "echo", "hi"));
            String second = unnamed.path("id").asText();
            assertThat(unnamed.path("name").asText()).isEqualTo("python-3-12-19cf17d1");

            List<String> live = ids(cli.ok(tried, "jobs", "ps", "--format", "json"));
            assertThat(live).contains(first, second);
            assertThat(ids(cli.ok(tried, "jobs", "ps", "-a", "--label", "suite=hfcli", "--format", "json")))
                    .containsExactly(first);
            assertThat(cli.ok(tried, "jobs", "inspect", "--format", "json", first)).contains(first, "e2e-train");

            cli.ok(tried, "jobs", "labels", second, "--label", "phase=eval");
            assertThat(hub.job(second).orElseThrow().labels()).containsEntry("phase", "eval")
                    .containsEntry("hfjobs-managed", "true").containsKey("hfjobs-tracking");
            cli.ok(tried, "jobs", "cancel", second);
            assertThat(hub.job(second).orElseThrow().stage()).isEqualTo("CANCELED");
            cli.ok(tried, "jobs", "labels", first, "--name", "e2e-renamed");
            assertThat(hub.job(first).orElseThrow().labels()).containsEntry("name", "e2e-renamed")
                    .containsKey("hfjobs-tracking");
            awaitStage(hub, first, "RUNNING");
            assertThat(cli.ok(tried, "jobs", "logs", first)).contains("python -c");
            assertThat(cli.ok(tried, "jobs", "wait", first)).contains("COMPLETED");
            assertThat(cli.run(tried, "jobs", "wait", second).exit()).as("wait on a canceled job").isEqualTo(1);
            assertThat(cli.ok(tried, "jobs", "hardware")).contains("cpu-basic", "a10g-small");

            // Scheduled jobs: run, ps, suspend, resume, delete.
            String sid = json(cli.ok(tried, "jobs", "scheduled", "run", "@hourly", "--format", "json", "--name",
                    "e2e-nightly", "python:3.12", "python", "nightly.py")).path("id").asText();
            assertThat(lastPost(hub, "/api/scheduled-jobs/alice").at("/jobSpec/labels/hfjobs-source").asText())
                    .isEqualTo("scheduled");
            assertThat(ids(cli.ok(tried, "jobs", "scheduled", "ps", "--format", "json"))).contains(sid);
            cli.ok(tried, "jobs", "scheduled", "suspend", sid);
            cli.ok(tried, "jobs", "scheduled", "resume", sid);
            cli.ok(tried, "jobs", "scheduled", "delete", sid);
            assertThat(ids(cli.ok(tried, "jobs", "scheduled", "ps", "-a", "--format", "json"))).doesNotContain(sid);

            // The Hub only ever saw alice's token from Secrets Manager, never the caller's.
            assertThat(hub.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.user()).contains("alice"));
            assertThat(String.join("\n", hub.requests().stream().map(RecordedRequest::toString).toList()))
                    .doesNotContain(CALLER_TOKEN);
            List<JsonNode> delivered = receive(up, events, 2);
            assertThat(delivered).filteredOn(e -> e.path("detail-type").asText().equals("HF Job Submitted"))
                    .extracting(e -> e.at("/detail/jobId").asText()).contains(first, second);
            System.out.printf("hf CLI through the API: %d commands ok: %s%n", tried.size(), String.join("; ", tried));
        } finally {
            System.out.println("access log of local-api:\n" + access.toString(StandardCharsets.UTF_8));
        }
    }

    /** The hf command of the venv scripts/test prepares (HF_HUB_PYTHON); required on CI. */
    private static Path hfCommand() {
        String python = System.getenv("HF_HUB_PYTHON");
        boolean missing = python == null || python.isBlank();
        if (missing && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("HF_HUB_PYTHON is not set on CI: run the tests through ./scripts/test, which prepares it");
        }
        assumeTrue(!missing, "HF_HUB_PYTHON is not set: run ./scripts/test (it installs huggingface_hub 2.0.0)");
        Path hf = Path.of(python).resolveSibling("hf");
        assertThat(hf).as("the hf command beside " + python).isExecutable();
        return hf;
    }

    /** A rule on the stack's bus to a new queue: what the bus delivers, as a consumer sees it. */
    private static String captureEvents(LocalUp up) {
        String bus = up.stack().eventBus("EventBus").name();
        String queueUrl = up.aws().sqs().createQueue(b -> b.queueName("hf-cli-events")).queueUrl();
        String arn = up.aws().sqs().getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        up.aws().eventBridge().putRule(b -> b.name("hf-cli-events").eventBusName(bus)
                .eventPattern("{\"source\": [\"hf.jobs\"]}"));
        up.aws().eventBridge().putTargets(b -> b.rule("hf-cli-events").eventBusName(bus)
                .targets(t -> t.id("queue").arn(arn)));
        return queueUrl;
    }

    private static List<JsonNode> receive(LocalUp up, String queueUrl, int atLeast) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (events.size() < atLeast && System.nanoTime() < deadline) {
            for (Message m : up.aws().sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages()) {
                events.add(JSON.readTree(m.body()));
            }
        }
        return events;
    }

    private static JsonNode lastPost(HfJobsEmulator hub, String path) throws IOException {
        List<RecordedRequest> posts = hub.requests().stream()
                .filter(r -> r.method().equals("POST") && r.path().equals(path)).toList();
        assertThat(posts).as("POST " + path + " received").isNotEmpty();
        return JSON.readTree(posts.getLast().body());
    }

    private static void awaitStage(HfJobsEmulator hub, String id, String stage) throws InterruptedException {
        for (int i = 0; i < 100 && hub.job(id).map(JobSnapshot::stage).filter(stage::equals).isEmpty(); i++) {
            Thread.sleep(100);
        }
    }

    private static JsonNode json(String text) throws IOException {
        JsonNode node = JSON.readTree(text);
        return node.isArray() && node.size() == 1 ? node.get(0) : node;
    }

    /** The ids of a listing printed with {@code --format json}. */
    private static List<String> ids(String text) throws IOException {
        List<String> ids = new ArrayList<>();
        JSON.readTree(text).forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }

    /** Runs hf with the environment; each command gets 90 s. */
    private record Cli(Path hf, Map<String, String> env) {
        Result run(List<String> tried, String... args) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of(hf.toString()));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(env);
            Path out = Files.createTempFile("hf-out", ".txt");
            Path err = Files.createTempFile("hf-err", ".txt");
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("hf " + String.join(" ", args) + " did not end within 90 s");
            }
            Result result = new Result(process.exitValue(), Files.readString(out), Files.readString(err));
            tried.add("hf " + String.join(" ", args) + " -> " + result.exit());
            return result;
        }

        String ok(List<String> tried, String... args) throws IOException, InterruptedException {
            Result result = run(tried, args);
            assertThat(result.exit()).as("hf " + String.join(" ", args) + "\n" + result.all()).isZero();
            return result.out();
        }
    }
}
