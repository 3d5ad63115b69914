package dev.hfjobs.localstack;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.devstack.MotoRecorder;
import dev.hfjobs.emulator.AutoAdvance;
import dev.hfjobs.emulator.HfJobsEmulator;
import dev.hfjobs.emulator.JobSnapshot;
import dev.hfjobs.localinvoke.InvokeResult;
import dev.hfjobs.localinvoke.LocalInvoke;
import dev.hfjobs.localinvoke.Options;
import dev.hfjobs.localinvoke.SamTemplate;
import dev.hfjobs.model.Wire;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The pipelines' story (issue 13), locally: real Step Functions executions on moto whose tasks send a job request
 * with their task token to the submit queue and wait ({@code sqs:sendMessage.waitForTaskToken}); the real
 * QueueSubmitFunction and StatusPollerFunction run through local invoke, the HF Jobs emulator runs the jobs, and
 * the functions' callbacks end the executions:
 *
 * <ul>
 *   <li>{@code completes}: SUCCEEDED with the job's output;</li>
 *   <li>{@code fails}: the job ends in ERROR after printing log lines: FAILED, {@code HFJob.ERROR}, the last line
 *       in the cause;</li>
 *   <li>{@code invalid}: a request that can never become a job: FAILED, {@code HFJob.SubmissionFailed}, right
 *       after the queue function ran (before any poller run);</li>
 *   <li>{@code heartbeats}: {@code HeartbeatSeconds} (6 s) shorter than the job's run (14 s), the token in a message
 *       attribute: SUCCEEDED, kept alive by the poller's heartbeats;</li>
 *   <li>{@code train-evaluate}: the template's example pipeline ({@code ExamplePipeline=train-evaluate}, created
 *       by dev-stack): SUCCEEDED, the evaluation job given the training job's id.</li>
 * </ul>
 *
 * One execution at a time, each state machine deleted after it: moto 5.2.1 starts no execution while another
 * state machine of the region has one. Every step is printed (the request and its token on the queue, the queue
 * function's answer, the jobs' stages after each poller run), then what each execution ended with; the exit status
 * is 1 when one ended otherwise. moto drops a failure's cause, so causes come from its request recorder.
 *
 * <p>Arguments: {@code template.yaml events/ [seconds per execution, default 60]}. Not part of
 * {@code scripts/run-local}: run it with {@code scripts/run-pipeline-story}.
 */
public final class PipelineStory {
    private static final PrintStream OUT = System.out;
    /** Every job: 2 s SCHEDULING, 12 s RUNNING, so 14 s in all, more than the heartbeat case's 6 s. */
    static final AutoAdvance TIMERS = AutoAdvance.completing(Duration.ofSeconds(2), Duration.ofSeconds(12));
    static final int SHORT_HEARTBEAT_SECONDS = 6;
    static final Map<String, String> PARAMETERS = Map.of("ExamplePipeline", "train-evaluate");
    /** The keys of a completed job's task output (issue 13). */
    static final List<String> JOB_OUTPUT = List.of("jobId", "namespace", "url", "stage", "labels", "createdAt",
            "startedAt", "finishedAt", "durations", "estimatedCostUSD");
    static final List<String> ERROR_LINES = List.of("Loading checkpoint shards: 100%", "Traceback (most recent call "
            + "last):", "  File \"train.py\", line 42, in <module>", "torch.OutOfMemoryError: CUDA out of memory");

    private PipelineStory() {}

    /** JSON read with its numbers as written (0.000167 stays 0.000167 when printed again). */
    static JsonNode exactly(String json) {
        try {
            return Wire.mapper().reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + LocalStory.abbreviate(json), e);
        }
    }

    public static void main(String[] args) throws Exception {
        Path template = Path.of(args.length > 0 ? args[0] : "template.yaml").toAbsolutePath();
        Path events = Path.of(args.length > 1 ? args[1] : "events").toAbsolutePath();
        Duration perExecution = Duration.ofSeconds(args.length > 2 ? Integer.parseInt(args[2]) : 60);
        LocalUp.Settings settings = LocalUp.Settings.fromEnvJson(template, events.resolve("env.json"),
                Files.createTempDirectory("hf-jobs-pipelines")).withPorts(0, 0).withTimers(TIMERS)
                .withParameters(PARAMETERS);
        int status;
        try (LocalUp up = LocalUp.start(settings)) {
            OUT.println("moto_server       " + up.moto() + "  (runs Step Functions state machines)");
            OUT.printf("HF Jobs emulator  %s  (jobs: %d s SCHEDULING, %d s RUNNING, then COMPLETED)%n",
                    up.hub().endpoint(), TIMERS.scheduling().toSeconds(), TIMERS.running().toSeconds());
            status = new Story(SamTemplate.load(template), events, up, perExecution).run();
        }
        System.exit(status);
    }

    /**
     * One execution to run and what it must end with.
     *
     * @param definition its state machine's ASL, or empty for the template's example pipeline
     * @param label      the label its jobs carry, to find them in the emulator
     * @param failJob    whether the story fails its job (ERROR, with {@link #ERROR_LINES}) once it runs
     * @param check      the problems with how it ended; none when it ended as it should
     */
    record Case(String name, Optional<String> definition, String input, Map.Entry<String, String> label,
                boolean failJob, Function<Ending, List<String>> check) {}

    /**
     * How an execution ended (or stood when the story stopped waiting).
     *
     * @param output                 when SUCCEEDED
     * @param cause                  the execution's, else the recorded SendTaskFailure's (moto drops it)
     * @param pollerRunsBeforeTheEnd poller runs after the last queue function run and before the end
     * @param heartbeats             the SendTaskHeartbeat calls moto received for its tokens (recorded)
     * @param jobs                   the case's jobs, as the emulator has them at the end
     */
    record Ending(String status, Optional<JsonNode> output, Optional<String> error, Optional<String> cause,
                  int pollerRunsBeforeTheEnd, int heartbeats, List<JobSnapshot> jobs) {}

    /** One run of the story against a started local-up. */
    static final class Story {
        private final SamTemplate template;
        private final Path events;
        private final LocalUp up;
        private final HfJobsEmulator hub;
        private final SqsClient sqs;
        private final SfnClient sfn;
        private final MotoRecorder recorder;
        private final Duration perExecution;
        private final MetricsReadBack metrics;
        private final String submitQueue;
        private final Map<String, String> stages = new HashMap<>();

        Story(SamTemplate template, Path events, LocalUp up, Duration perExecution) {
            this(template, events, up, perExecution, new MetricsReadBack());
        }

        /** With the functions' metrics read back into {@code metrics}. */
        Story(SamTemplate template, Path events, LocalUp up, Duration perExecution, MetricsReadBack metrics) {
            this.metrics = metrics;
            this.template = template;
            this.events = events;
            this.up = up;
            this.hub = up.hub();
            this.sqs = up.aws().sqs();
            this.sfn = up.aws().stepFunctions();
            this.recorder = MotoRecorder.of(up.moto());
            this.perExecution = perExecution;
            this.submitQueue = up.stack().queue("SubmitQueue").url();
        }

        int run() throws IOException {
            recorder.start();
            LocalInvoke queue = function("QueueSubmitFunction");
            LocalInvoke poller = function("StatusPollerFunction");
            Map<String, Ending> endings = new LinkedHashMap<>();
            Map<String, List<String>> problems = new LinkedHashMap<>();
            try {
                for (Case c : cases()) {
                    Ending ending = execute(c, queue, poller);
                    endings.put(c.name(), ending);
                    List<String> found = c.check().apply(ending);
                    if (!found.isEmpty()) {
                        problems.put(c.name(), found);
                    }
                }
            } finally {
                queue.close();
                poller.close();
                recorder.stop();
            }
            summarize(endings, problems);
            return problems.isEmpty() ? 0 : 1;
        }

        private LocalInvoke function(String id) {
            return LocalInvoke.of(template.function(id, up.overrides()),
                    Options.defaults().withRuntimeDir(Path.of("local-invoke/target/ric").toAbsolutePath()));
        }

        List<Case> cases() {
            String job = """
                    {"image": "python:3.12", "command": ["python", "train.py"], "flavor": "cpu-basic",
                     "timeout": "10m", "labels": {"story": "%s"}}""";
            return List.of(
                    new Case("completes", Optional.of(oneTask(job.formatted("completes"), 300, false)), "{}",
                            Map.entry("story", "completes"), false, PipelineStory::completedWithTheJob),
                    new Case("fails", Optional.of(oneTask(job.formatted("fails"), 300, false)), "{}",
                            Map.entry("story", "fails"), true, PipelineStory::failedWithTheLastLogLine),
                    new Case("invalid", Optional.of(oneTask("""
                            {"image": "python:3.12", "command": "python train.py", "timout": "10m",
                             "labels": {"story": "invalid"}}""", 300, false)), "{}",
                            Map.entry("story", "invalid"), false, PipelineStory::failedAtOnceAsSubmissionFailed),
                    new Case("heartbeats", Optional.of(oneTask(job.formatted("heartbeats"), SHORT_HEARTBEAT_SECONDS,
                            true)), "{}", Map.entry("story", "heartbeats"), false, PipelineStory::survivedByHeartbeats),
                    new Case("train-evaluate", Optional.empty(), """
                            {"image": "python:3.12", "flavor": "cpu-basic", "trainCommand": ["python", "train.py"],
                             "evaluateCommand": ["python", "evaluate.py"]}""",
                            Map.entry("pipeline", "train-evaluate"), false, PipelineStory::trainedThenEvaluated));
        }

        /**
         * One task that sends {@code request} with its token, in the body's {@code taskToken} or, with
         * {@code tokenAsAttribute}, in a {@code taskToken} message attribute (issue 13 takes both). The story stops
         * waiting first; TimeoutSeconds must only be longer than HeartbeatSeconds (moto refuses it otherwise).
         */
        private String oneTask(String request, int heartbeatSeconds, boolean tokenAsAttribute) {
            JsonNode body = Wire.parse(request);
            String token = "\"MessageAttributes\": {\"taskToken\": {\"DataType\": \"String\", \"StringValue.$\": "
                    + "\"$$.Task.Token\"}}";
            String messageBody = tokenAsAttribute ? Wire.write(body)
                    : Wire.write(((ObjectNode) body.deepCopy()).put("taskToken.$", "$$.Task.Token"));
            return """
                    {"StartAt": "Job", "States": {"Job": {
                      "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                      "Parameters": {"QueueUrl": "%s", "MessageBody": %s%s},
                      "HeartbeatSeconds": %d, "TimeoutSeconds": %d, "End": true}}}""".formatted(submitQueue,
                    messageBody, tokenAsAttribute ? ", " + token : "", heartbeatSeconds,
                    heartbeatSeconds + perExecution.toSeconds());
        }

        private Ending execute(Case c, LocalInvoke queue, LocalInvoke poller) throws IOException {
            OUT.printf("%n==== %s%n", c.name());
            String machine = c.definition().map(asl -> sfn.createStateMachine(b -> b.name("story-" + c.name())
                    .definition(asl).roleArn("arn:aws:iam::123456789012:role/story")).stateMachineArn())
                    .orElseGet(() -> up.stack().stateMachine("TrainEvaluatePipeline").arn());
            try {
                String execution = sfn.startExecution(b -> b.stateMachineArn(machine).name(c.name())
                        .input(c.input())).executionArn();
                OUT.println("   started " + execution);
                return drive(c, execution, queue, poller);
            } finally {
                // moto 5.2.1 starts no other execution while this state machine (with its execution) exists.
                sfn.deleteStateMachine(b -> b.stateMachineArn(machine));
            }
        }

        /** Plays Lambda's part: the submit queue's messages to the queue function, the poller on a short schedule. */
        private Ending drive(Case c, String execution, LocalInvoke queue, LocalInvoke poller) throws IOException {
            Instant deadline = Instant.now().plus(perExecution);
            String pollEvent = Files.readString(events.resolve("schedule-poller.json"), StandardCharsets.UTF_8);
            int pollerRuns = 0;
            DescribeExecutionResponse described = describe(execution);
            while (described.statusAsString().equals("RUNNING") && Instant.now().isBefore(deadline)) {
                List<Message> requests = receive();
                if (!requests.isEmpty()) {
                    step("QueueSubmitFunction (" + requests.size() + " message)", queue,
                            Wire.write(LocalStory.SqsEvents.of(requests, up.stack().queue("SubmitQueue").arn())));
                    showSetAside();
                    pollerRuns = 0;
                    described = awaitEnd(execution, Duration.ofSeconds(2));
                    showJobs(c);
                    continue;
                }
                failRunningJobs(c);
                step("StatusPollerFunction", poller, pollEvent);
                pollerRuns++;
                showJobs(c);
                described = describe(execution);
                LocalStory.sleep(Duration.ofSeconds(1));
            }
            return ending(c, execution, described, pollerRuns);
        }

        private List<Message> receive() {
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(submitQueue).maxNumberOfMessages(10)
                    .messageAttributeNames("All").attributeNamesWithStrings("All").waitTimeSeconds(1)).messages();
            for (Message m : messages) {
                JsonNode body = Wire.parse(m.body());
                boolean inBody = body.path("taskToken").isTextual();
                String token = inBody ? body.path("taskToken").asText()
                        : Optional.ofNullable(m.messageAttributes().get("taskToken")).map(a -> a.stringValue()).orElse("");
                OUT.printf("   task request on the submit queue: token %s… (%s, %d characters), body fields %s%n",
                        token.substring(0, Math.min(8, token.length())),
                        inBody ? "body field taskToken" : "message attribute taskToken", token.length(),
                        fields(body));
            }
            return messages;
        }

        private void step(String title, LocalInvoke function, String event) {
            InvokeResult result = function.invoke(event);
            metrics.add(title.split(" ")[0], result);
            OUT.printf("   %-34s %5.0f ms%s -> %s%n", title, result.durationMs(), result.coldStart()
                    ? String.format(" (cold start, init %.0f ms)", result.initDurationMs()) : "",
                    LocalStory.abbreviate(result.payload()));
            if (result.isError()) {
                OUT.println(result.logs());
            }
        }

        /** What the queue function set aside, with its reason (message attributes). */
        private void showSetAside() {
            String deadLetters = up.stack().queue("SubmitDeadLetterQueue").url();
            for (Message m : sqs.receiveMessage(b -> b.queueUrl(deadLetters).maxNumberOfMessages(10)
                    .messageAttributeNames("All")).messages()) {
                sqs.deleteMessage(b -> b.queueUrl(deadLetters).receiptHandle(m.receiptHandle()));
                Map<String, String> reason = new LinkedHashMap<>();
                m.messageAttributes().forEach((name, value) -> reason.put(name, value.stringValue()));
                OUT.println("   set aside on the dead-letter queue: " + LocalStory.abbreviate(reason.toString()));
            }
        }

        /** The fails case's job ends in ERROR with log lines once it runs, as a crashing training script does. */
        private void failRunningJobs(Case c) {
            if (!c.failJob()) {
                return;
            }
            jobs(c).stream().filter(j -> j.stage().equals("RUNNING")).forEach(j -> {
                hub.failJob(j.id(), "Job failed with exit code: 1", ERROR_LINES.toArray(String[]::new));
                OUT.println("   emulator: job " + j.id() + " fails, its log ending in \"" + ERROR_LINES.getLast() + "\"");
            });
        }

        private void showJobs(Case c) {
            for (JobSnapshot job : jobs(c)) {
                if (!job.stage().equals(stages.put(job.id(), job.stage()))) {
                    OUT.println("   emulator: job " + job.id() + " " + job.stage());
                }
            }
        }

        private List<JobSnapshot> jobs(Case c) {
            return hub.jobs().stream().filter(j -> c.label().getValue().equals(j.labels().get(c.label().getKey())))
                    .toList();
        }

        private DescribeExecutionResponse describe(String execution) {
            return sfn.describeExecution(b -> b.executionArn(execution));
        }

        private DescribeExecutionResponse awaitEnd(String execution, Duration within) {
            Instant until = Instant.now().plus(within);
            DescribeExecutionResponse described = describe(execution);
            while (described.statusAsString().equals("RUNNING") && Instant.now().isBefore(until)) {
                LocalStory.sleep(Duration.ofMillis(100));
                described = describe(execution);
            }
            return described;
        }

        private Ending ending(Case c, String execution, DescribeExecutionResponse described, int pollerRuns) {
            Set<String> tokens = tokens(execution);
            Optional<String> error = Optional.ofNullable(described.error());
            Optional<String> cause = Optional.ofNullable(described.cause()).or(() -> error.flatMap(e -> recordedCause(
                    tokens, e)));
            Optional<JsonNode> output = Optional.ofNullable(described.output()).map(PipelineStory::exactly);
            int heartbeats = recorded("AWSStepFunctions.SendTaskHeartbeat", tokens).size();
            OUT.printf("   => %s%s after %d heartbeat(s)%s%n", described.statusAsString(),
                    error.map(e -> " " + e).orElse(""), heartbeats,
                    output.map(o -> " " + LocalStory.abbreviate(Wire.write(o))).orElse(""));
            return new Ending(described.statusAsString(), output, error, cause, pollerRuns, heartbeats, jobs(c));
        }

        /** moto keeps the error of a SendTaskFailure but drops its cause: the recorded request has it. */
        private Optional<String> recordedCause(Set<String> tokens, String error) {
            return recorded("AWSStepFunctions.SendTaskFailure", tokens).stream()
                    .filter(call -> call.path("error").asText().equals(error))
                    .map(call -> call.path("cause").asText(null)).reduce((first, last) -> last);
        }

        private List<JsonNode> recorded(String target, Set<String> tokens) {
            return recorder.bodies(target).stream().filter(call -> tokens.contains(call.path("taskToken").asText()))
                    .toList();
        }

        /** The tokens its tasks sent, from the parameters moto's history keeps. */
        private Set<String> tokens(String execution) {
            Set<String> tokens = new LinkedHashSet<>();
            for (HistoryEvent event : sfn.getExecutionHistory(b -> b.executionArn(execution)).events()) {
                if (event.type() == HistoryEventType.TASK_SCHEDULED) {
                    JsonNode parameters = Wire.parse(event.taskScheduledEventDetails().parameters());
                    JsonNode token = parameters.at("/MessageBody/taskToken");
                    tokens.add(token.isTextual() ? token.asText()
                            : parameters.at("/MessageAttributes/taskToken/StringValue").asText());
                }
            }
            return tokens;
        }

        private void summarize(Map<String, Ending> endings, Map<String, List<String>> problems) {
            OUT.println();
            OUT.println("Executions:");
            endings.forEach((name, e) -> {
                OUT.printf("  %-15s %s (%d heartbeat(s))%n", name, e.status(), e.heartbeats());
                e.output().ifPresent(o -> OUT.println("      output " + Wire.write(o)));
                e.error().ifPresent(error -> OUT.println("      error  " + error));
                e.cause().ifPresent(cause -> OUT.println("      cause  " + cause.replace("\n", "\n             ")));
            });
            OUT.println();
            if (problems.isEmpty()) {
                OUT.println("Every execution ended as it should.");
            } else {
                OUT.println("NOT as they should:");
                problems.forEach((name, found) -> found.forEach(p -> OUT.println("  - " + name + ": " + p)));
            }
            OUT.println("pipeline story: " + (endings.size() - problems.size()) + " passed, " + problems.size()
                    + " failed");
        }
    }

    static List<String> completedWithTheJob(Ending e) {
        List<String> problems = new ArrayList<>(status(e, "SUCCEEDED"));
        e.output().ifPresent(output -> {
            List<String> missing = JOB_OUTPUT.stream().filter(key -> !output.has(key)).toList();
            if (!missing.isEmpty()) {
                problems.add("the output lacks " + missing);
            }
            if (output.has("stage") && !output.path("stage").asText().equals("COMPLETED")) {
                problems.add("the output's stage is " + output.path("stage") + ", not COMPLETED");
            }
        });
        return problems;
    }

    static List<String> failedWithTheLastLogLine(Ending e) {
        List<String> problems = new ArrayList<>(status(e, "FAILED"));
        problems.addAll(error(e, "HFJob.ERROR"));
        if (!e.cause().orElse("").contains(ERROR_LINES.getLast())) {
            problems.add("the cause " + e.cause() + " lacks the job's last log line");
        }
        return problems;
    }

    static List<String> failedAtOnceAsSubmissionFailed(Ending e) {
        List<String> problems = new ArrayList<>(status(e, "FAILED"));
        problems.addAll(error(e, "HFJob.SubmissionFailed"));
        if (!e.cause().orElse("").contains("timout")) {
            problems.add("the cause " + e.cause() + " does not list the problems (the unknown field timout)");
        }
        if (e.pollerRunsBeforeTheEnd() > 0) {
            problems.add("it ended " + e.pollerRunsBeforeTheEnd() + " poller run(s) after the queue function, not at once");
        }
        if (!e.jobs().isEmpty()) {
            problems.add("a job was created: " + e.jobs().getFirst().id());
        }
        return problems;
    }

    static List<String> survivedByHeartbeats(Ending e) {
        List<String> problems = new ArrayList<>(completedWithTheJob(e));
        if (e.heartbeats() == 0) {
            problems.add("no SendTaskHeartbeat reached moto");
        }
        e.jobs().stream().findFirst().flatMap(job -> job.finishedAt().map(end -> Duration.between(job.createdAt(), end)))
                .filter(lived -> lived.toSeconds() <= SHORT_HEARTBEAT_SECONDS)
                .ifPresent(lived -> problems.add("its job lasted " + lived.toSeconds() + " s, not longer than "
                        + SHORT_HEARTBEAT_SECONDS + " s HeartbeatSeconds: the heartbeats proved nothing"));
        return problems;
    }

    static List<String> trainedThenEvaluated(Ending e) {
        List<String> problems = new ArrayList<>(status(e, "SUCCEEDED"));
        String trained = e.output().map(o -> o.at("/trainJob/jobId").asText()).orElse("");
        Optional<JobSnapshot> evaluation = e.jobs().stream().filter(j -> "evaluate".equals(j.labels().get("step")))
                .findFirst();
        if (trained.isEmpty() || e.output().map(o -> o.at("/evaluateJob/jobId").asText()).orElse("").isEmpty()) {
            problems.add("the output lacks trainJob.jobId or evaluateJob.jobId");
        }
        if (evaluation.isEmpty() || !trained.equals(evaluation.get().labels().get("train-job"))
                || !Wire.parse(evaluation.get().json()).at("/environment/TRAIN_JOB_ID").asText().equals(trained)) {
            problems.add("the evaluation job was not given the training job's id (" + trained + ")");
        }
        return problems;
    }

    private static List<String> status(Ending e, String expected) {
        return e.status().equals(expected) ? List.of() : List.of("ended " + e.status() + e.error().map(x -> " " + x)
                .orElse("") + ", not " + expected);
    }

    private static List<String> error(Ending e, String expected) {
        return e.error().filter(expected::equals).isPresent() ? List.of()
                : List.of("its error is " + e.error().orElse("none") + ", not " + expected);
    }

    private static List<String> fields(JsonNode body) {
        List<String> names = new ArrayList<>();
        body.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
