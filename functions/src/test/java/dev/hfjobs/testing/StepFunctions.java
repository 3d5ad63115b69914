package dev.hfjobs.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hfjobs.devstack.MotoApi;
import dev.hfjobs.devstack.MotoRecorder;
import dev.hfjobs.model.Wire;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.StateMachineListItem;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Step Functions executions on the shared moto_server, for tests of the task-token callbacks: an execution's
 * {@code sqs:sendMessage.waitForTaskToken} task sends a job request with its token to a stack's submit queue,
 * the test (or the queue function) takes it from there, and the test (or the poller) answers the token.
 *
 * <pre>{@code
 * StepFunctions sfn = StepFunctions.on(MotoServer.get().endpoint());
 * String queue = sfn.submitQueueOf(stack);
 * try (StepFunctions.Run run = sfn.start(asl, "{}")) {
 *     StepFunctions.TaskRequest request = run.nextTaskRequest(queue, Duration.ofSeconds(10));
 *     sfn.client().sendTaskFailure(b -> b.taskToken(request.taskToken()).error("HFJob.ERROR").cause("boom"));
 *     StepFunctions.Outcome outcome = run.await(Duration.ofSeconds(10));
 *     // Failed[error=HFJob.ERROR, cause=Optional[boom]]
 * }
 * }</pre>
 *
 * <p>What moto 5.2.1 does, which this class works with:
 * <ul>
 *   <li>It runs state machines only after {@code POST /moto-api/config} (done by {@link #on}); those created
 *       before are not found afterwards.</li>
 *   <li>It runs one execution at a time per account and region: {@code StartExecution} deep-copies the state
 *       machine with the whole region's store, and any other execution in it (running or ended) cannot be
 *       copied, so the call answers 500. A {@link Run} therefore holds this JVM's one execution until it is
 *       closed, and closing deletes its state machine, which frees the region again. Several cases in one
 *       execution: Parallel branches.</li>
 *   <li>The execution runs in us-east-1 of account 123456789012, where the functions' clients call: moto looks
 *       a token up among the executions of the caller's own account and region.</li>
 *   <li>{@code SendTaskFailure} keeps the error and drops the cause (its response handler never passes it on):
 *       neither {@code DescribeExecution}, the history nor a Catch's {@code Cause} has it. A run records moto's
 *       requests ({@link MotoRecorder}) and {@link Outcome.Failed#cause} comes from the recorded call.</li>
 * </ul>
 */
public final class StepFunctions {
    /** What the functions' clients use: a token is found only among this account's and region's executions. */
    public static final String REGION = "us-east-1";
    private static final String PREFIX = "sfn-test-";
    private static final String FAILURE = "AWSStepFunctions.SendTaskFailure";
    private static final Duration POLL = Duration.ofMillis(100);
    /** One execution at a time in this JVM (one moto_server per test JVM). */
    private static final Semaphore ONE_EXECUTION = new Semaphore(1);
    private static final Set<URI> ENABLED = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final URI endpoint;
    private final SfnClient sfn;
    private final SqsClient sqs;

    private StepFunctions(URI endpoint) {
        this.endpoint = endpoint;
        var http = UrlConnectionHttpClient.create();
        // No retries: moto answers 500 at once when another execution is in the way, and the SDK would retry it
        // for seconds before saying so.
        this.sfn = SfnClient.builder().endpointOverride(endpoint).region(MotoServer.REGION)
                .credentialsProvider(MotoServer.CREDENTIALS).httpClient(http)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
        this.sqs = SqsClient.builder().endpointOverride(endpoint).region(MotoServer.REGION)
                .credentialsProvider(MotoServer.CREDENTIALS).httpClient(http).build();
    }

    /** Step Functions on the moto_server at {@code endpoint}, its execution of state machines turned on. */
    public static StepFunctions on(URI endpoint) {
        if (ENABLED.add(endpoint)) {
            MotoApi.enableStepFunctions(endpoint);
        }
        return new StepFunctions(endpoint);
    }

    /** A client for the answers a test gives by hand ({@code SendTaskSuccess}, ...); no retries. */
    public SfnClient client() {
        return sfn;
    }

    /** The stack's submit queue: the queue whose redrive policy targets its dead-letter queue. */
    public String submitQueueOf(TestStack stack) {
        List<String> sources = sqs.listDeadLetterSourceQueues(b -> b.queueUrl(stack.deadLetterUrl)).queueUrls();
        if (sources.size() != 1) {
            throw new IllegalStateException("expected one queue redriving to " + stack.deadLetterUrl + ", found "
                    + sources);
        }
        return sources.getFirst();
    }

    /**
     * Creates a state machine from {@code asl} and starts one execution of it with {@code input}. Waits (at
     * most a minute) while another {@link Run} of this JVM is open, since moto runs one at a time.
     *
     * @throws IllegalStateException when another run stays open, or moto refuses the execution
     */
    public Run start(String asl, String input) {
        acquire();
        try {
            deleteLeftovers();
            String name = PREFIX + COUNTER.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
            String machine = sfn.createStateMachine(b -> b.name(name).definition(asl)
                    .roleArn("arn:aws:iam::" + MotoServer.ACCOUNT + ":role/" + name)).stateMachineArn();
            MotoRecorder recorder = MotoRecorder.of(endpoint);
            recorder.start();
            return new Run(machine, startExecution(machine, input), recorder);
        } catch (RuntimeException e) {
            ONE_EXECUTION.release();
            throw e;
        }
    }

    private String startExecution(String machine, String input) {
        try {
            return sfn.startExecution(b -> b.stateMachineArn(machine).name("run").input(input)).executionArn();
        } catch (SdkServiceException e) {
            sfn.deleteStateMachine(b -> b.stateMachineArn(machine));
            throw new IllegalStateException("moto refused the execution (" + e.statusCode() + "): moto 5.2.1 "
                    + "starts none while another state machine with an execution exists in " + REGION + "; there: "
                    + sfn.listStateMachines().stateMachines().stream().map(StateMachineListItem::name).toList(), e);
        }
    }

    private static void acquire() {
        try {
            if (!ONE_EXECUTION.tryAcquire(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException("another StepFunctions.Run is still open after a minute: close "
                        + "each run (try-with-resources); moto runs one execution at a time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for another run to close", e);
        }
    }

    /** State machines of runs that were not closed (a test that died): they would block every later start. */
    private void deleteLeftovers() {
        sfn.listStateMachines().stateMachines().stream().filter(m -> m.name().startsWith(PREFIX))
                .forEach(m -> sfn.deleteStateMachine(b -> b.stateMachineArn(m.stateMachineArn())));
    }

    /** A job request as a waiting task sent it: the message body, and the token it carries. */
    public record TaskRequest(JsonNode body, String taskToken, Message message) {
    }

    /** A {@code SendTaskFailure} call moto received (recorded: moto drops its cause). */
    public record TaskFailure(String taskToken, String error, Optional<String> cause) {
    }

    /** How an execution stands. */
    public sealed interface Outcome {
        /** {@code SUCCEEDED}, with the execution's output. */
        record Succeeded(JsonNode output) implements Outcome {
        }

        /**
         * {@code FAILED} (or {@code TIMED_OUT}, {@code ABORTED}: see {@code status}).
         *
         * @param error the execution's error, e.g. {@code HFJob.ERROR}, {@code States.Timeout}; empty when the
         *              task failure named none
         * @param cause the execution's cause, else the one of the recorded {@code SendTaskFailure} that failed it
         */
        record Failed(String status, String error, Optional<String> cause) implements Outcome {
        }

        /** Still {@code RUNNING} when {@link Run#await} gave up. */
        record Running() implements Outcome {
        }
    }

    /** One execution, its state machine and the recording of moto's requests; {@link #close} frees moto again. */
    public final class Run implements AutoCloseable {
        private final String stateMachineArn;
        private final String executionArn;
        private final MotoRecorder recorder;
        private boolean closed;

        private Run(String stateMachineArn, String executionArn, MotoRecorder recorder) {
            this.stateMachineArn = stateMachineArn;
            this.executionArn = executionArn;
            this.recorder = recorder;
        }

        public String stateMachineArn() {
            return stateMachineArn;
        }

        public String executionArn() {
            return executionArn;
        }

        /** @see #taskRequests */
        public TaskRequest nextTaskRequest(String queueUrl, Duration within) {
            return taskRequests(queueUrl, 1, within).getFirst();
        }

        /**
         * Receives (and deletes) {@code count} messages from {@code queueUrl}, as the queue function's event
         * source would; moto sends a task's message about 0.1 s after the task starts. The token is the body's
         * {@code taskToken} field, else the {@code taskToken} message attribute.
         *
         * @throws AssertionError when fewer arrive within {@code within}
         */
        public List<TaskRequest> taskRequests(String queueUrl, int count, Duration within) {
            List<TaskRequest> requests = new ArrayList<>();
            long deadline = System.nanoTime() + within.toNanos();
            while (requests.size() < count && System.nanoTime() < deadline) {
                int wanted = Math.min(10, count - requests.size());
                for (Message m : sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(wanted)
                        .waitTimeSeconds(1).messageAttributeNames("All")).messages()) {
                    sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
                    requests.add(request(m));
                }
            }
            if (requests.size() < count) {
                throw new AssertionError(requests.size() + " of " + count + " task requests on " + queueUrl
                        + " within " + within + "; execution " + describe().statusAsString());
            }
            return requests;
        }

        /** The execution as moto describes it now. */
        public DescribeExecutionResponse describe() {
            return sfn.describeExecution(b -> b.executionArn(executionArn));
        }

        /** Waits until the execution ends, at most {@code within}. */
        public Outcome await(Duration within) {
            long deadline = System.nanoTime() + within.toNanos();
            DescribeExecutionResponse described = describe();
            while (described.statusAsString().equals("RUNNING") && System.nanoTime() < deadline) {
                pause();
                described = describe();
            }
            return outcome(described);
        }

        /** Its history, oldest event first. */
        public List<HistoryEvent> history() {
            return sfn.getExecutionHistory(b -> b.executionArn(executionArn)).events();
        }

        /** The {@code SendTaskFailure} calls for this execution's tokens, oldest first, causes included. */
        public List<TaskFailure> taskFailures() {
            Set<String> tokens = tokens();
            List<TaskFailure> failures = new ArrayList<>();
            for (JsonNode call : recorder.bodies(FAILURE)) {
                if (tokens.contains(call.path("taskToken").asText())) {
                    failures.add(new TaskFailure(call.path("taskToken").asText(), call.path("error").asText(""),
                            Optional.ofNullable(call.get("cause")).filter(c -> !c.isNull()).map(JsonNode::asText)));
                }
            }
            return failures;
        }

        /** The tokens its tasks sent: moto's history keeps each task's parameters, token included. */
        public Set<String> tokens() {
            Set<String> tokens = new LinkedHashSet<>();
            for (HistoryEvent event : history()) {
                if (event.type() == HistoryEventType.TASK_SCHEDULED) {
                    JsonNode parameters = Wire.parse(event.taskScheduledEventDetails().parameters());
                    tokenIn(parameters).ifPresent(tokens::add);
                }
            }
            return tokens;
        }

        private Outcome outcome(DescribeExecutionResponse described) {
            return switch (described.statusAsString()) {
                case "RUNNING" -> new Outcome.Running();
                case "SUCCEEDED" -> new Outcome.Succeeded(Wire.parse(described.output()));
                default -> {
                    String error = Optional.ofNullable(described.error()).orElse("");
                    Optional<String> cause = Optional.ofNullable(described.cause())
                            .or(() -> taskFailures().stream().filter(f -> f.error().equals(error))
                                    .reduce((first, last) -> last).flatMap(TaskFailure::cause));
                    yield new Outcome.Failed(described.statusAsString(), error, cause);
                }
            };
        }

        /** Stops recording and deletes the state machine, so that the next run may start. */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                recorder.stop();
                sfn.deleteStateMachine(b -> b.stateMachineArn(stateMachineArn));
            } finally {
                ONE_EXECUTION.release();
            }
        }
    }

    private static TaskRequest request(Message message) {
        JsonNode body = Wire.parse(message.body());
        MessageAttributeValue attribute = message.messageAttributes().get("taskToken");
        String token = body.path("taskToken").isTextual() ? body.path("taskToken").textValue()
                : attribute == null ? null : attribute.stringValue();
        return new TaskRequest(body, token, message);
    }

    /** {@code MessageBody.taskToken} (an object, or JSON in a string), else {@code MessageAttributes.taskToken}. */
    private static Optional<String> tokenIn(JsonNode parameters) {
        JsonNode body = parameters.path("MessageBody");
        if (body.isTextual()) {
            body = Wire.parse(body.textValue());
        }
        JsonNode token = body.path("taskToken");
        if (!token.isTextual()) {
            token = parameters.at("/MessageAttributes/taskToken/StringValue");
        }
        return token.isTextual() ? Optional.of(token.textValue()) : Optional.empty();
    }

    private static void pause() {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
