package dev.hfjobs.queue;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.Deadline;
import dev.hfjobs.Log;
import dev.hfjobs.Metrics;
import dev.hfjobs.Once;
import dev.hfjobs.UrlConnections;
import dev.hfjobs.aws.AwsClients;
import dev.hfjobs.hardware.CatalogSource;
import dev.hfjobs.model.Wire;
import dev.hfjobs.wiring.Prefetch;
import dev.hfjobs.wiring.Priming;
import dev.hfjobs.wiring.Rehearsal;
import dev.hfjobs.wiring.WarmUp;
import dev.hfjobs.wiring.Wiring;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * {@code QueueSubmitFunction}: one HF job per SQS message, messages of a batch in parallel
 * (bounded), answered with a partial batch response. Standard queues report every message that
 * may succeed later; FIFO queues stop at the first such message and report it and all after it.
 */
public final class QueueSubmitFunction implements RequestStreamHandler {
    static {
        // Before any HTTP in this process: see UrlConnections.
        UrlConnections.beforeFirstConnection();
    }

    static {
        // First, so that a plain cold start's longest chains begin before anything else loads.
        Prefetch.early(System.getenv());
    }

    /** Messages in flight at once within one batch: bounds the burst on the Hub's rate limit. */
    static final int PARALLELISM = 10;
    // The messages' work ends this long before the invocation's; the answer is written by the second.
    private static final Duration MARGIN = Duration.ofSeconds(2);
    private static final Duration ANSWER_MARGIN = Duration.ofSeconds(1);
    // Not worth starting a message with less than this left: a claim and a POST do not fit.
    private static final Duration MIN_FOR_MESSAGE = Duration.ofMillis(500);
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final String WARM_UP_EVENT = """
            {"Records": [{"messageId": "warm-up", "receiptHandle": "warm-up", "body": "{}",
              "attributes": {"ApproximateReceiveCount": "1", "SenderId": "warm-up"},
              "messageAttributes": {"idempotencyKey": {"stringValue": "warm-up", "dataType": "String"}},
              "eventSource": "aws:sqs", "eventSourceARN": "arn:aws:sqs:us-east-1:000000000000:warm-up"}]}""";
    // A batch of one as SQS hands it over; Rehearsal.submit puts a valid job in the body (%s).
    private static final String REHEARSAL_EVENT = """
            {"Records": [{"messageId": "rehearsal", "receiptHandle": "rehearsal", "body": %s,
              "attributes": {"ApproximateReceiveCount": "1", "SenderId": "rehearsal"},
              "messageAttributes": {"idempotencyKey": {"stringValue": "rehearsal", "dataType": "String"}},
              "eventSource": "aws:sqs", "eventSourceARN": "arn:aws:sqs:us-east-1:000000000000:rehearsal"}]}""";

    private final Supplier<Wiring> wiring;
    private final Supplier<CatalogSource> catalog;
    private final Supplier<MessageProcessor> processor;
    private final Priming priming;

    /**
     * The runtime's constructor: wires the real clients from the environment, once per container;
     * fetches ahead what the first batch needs ({@link #prefetch}), and primes under provisioned
     * concurrency ({@link Priming#primeAheadOfTraffic}).
     */
    public QueueSubmitFunction() {
        this(Wiring::fromEnvironment);
        prefetch(System.getenv(), AwsClients.fromEnvironment());
        priming.primeAheadOfTraffic(System.getenv());
    }

    QueueSubmitFunction(Supplier<Wiring> wiring) {
        this(wiring, true);
    }

    /** {@code primable} false: a handler that is not primed itself (a rehearsal's). */
    private QueueSubmitFunction(Supplier<Wiring> wiring, boolean primable) {
        this.wiring = new Once<>(wiring);
        this.catalog = new Once<>(() -> this.wiring.get().catalog());
        this.processor = new Once<>(() -> {
            Wiring w = this.wiring.get();
            return new MessageProcessor(w.submitService(catalog.get()), w.deadLetters());
        });
        this.priming = primable ? Priming.register(this::warmUp) : null;
    }

    /**
     * On an on-demand cold start, what the first batch needs is fetched while it is on the way
     * ({@link Prefetch#firstSubmit}, with the message processor); under provisioned concurrency,
     * during the init's priming.
     *
     * @return the threads started; none unless {@code env} says on-demand or provisioned concurrency
     */
    List<Thread> prefetch(Map<String, String> env, AwsClients aws) {
        return Prefetch.firstSubmit(env, aws, wiring, catalog, processor::get);
    }

    /**
     * SnapStart priming, run before the snapshot (and callable any time): builds the wiring (AWS SDK
     * clients, the Hub client), runs {@link WarmUp#all()} and Jackson over an SQS event, then
     * rehearses a one-message batch on a handler of its own ({@link Rehearsal}), so that the
     * snapshot holds the submit path compiled. Sends nothing off the machine, reads no token, creates
     * no random id.
     */
    public void prime() {
        priming.prime();
    }

    private void warmUp() {
        WarmUp.all();
        processor.get();
        QueueMessage.fromEvent(Wire.parse(WARM_UP_EVENT));
        Wire.write(response(List.of(), List.of()));
        Rehearsal.run(QueueSubmitFunction::rehearsal);
    }

    /** A batch of one valid job on a handler over {@code wiring}; it must answer with no failed message. */
    private static Runnable rehearsal(Wiring wiring) {
        return Rehearsal.submit(new QueueSubmitFunction(() -> wiring, false), REHEARSAL_EVENT, answer -> {
            JsonNode failures = answer.path("batchItemFailures");
            return failures.isArray() && failures.isEmpty();
        });
    }

    /** One batch: its log lines share the invocation's request id, its metrics are written before it answers. */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        try (Log.Scope request = Log.begin(); Metrics.Batch metrics = Metrics.begin()) {
            Log.correlate(Log.REQUEST_ID, context == null ? null : context.getAwsRequestId());
            handle(input, output, context);
        }
    }

    private void handle(InputStream input, OutputStream output, Context context) throws IOException {
        List<QueueMessage> messages = QueueMessage.fromEvent(Wire.parse(new String(input.readAllBytes(),
                StandardCharsets.UTF_8)));
        long remaining = context == null ? DEFAULT_TIMEOUT.toMillis() : context.getRemainingTimeInMillis();
        Deadline work = Deadline.fromRemaining(remaining, MARGIN);
        Deadline answerBy = Deadline.fromRemaining(remaining, ANSWER_MARGIN);
        boolean fifo = !messages.isEmpty() && messages.getFirst().fromFifoQueue();
        List<MessageOutcome> outcomes = run(messages, fifo, work, answerBy);
        output.write(Wire.write(response(messages, outcomes)).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Processes the batch on virtual threads (a standard queue's messages in parallel, bounded; a
     * FIFO queue's in order) and collects the outcomes by {@code answerBy}. A message still
     * unfinished then (a dependency slower than every time limit) is reported for a retry and its
     * thread interrupted, not waited for: the batch answers within the invocation, and the claim
     * keeps a late finisher from creating a second job.
     */
    private List<MessageOutcome> run(List<QueueMessage> messages, boolean fifo, Deadline work, Deadline answerBy) {
        AtomicReferenceArray<MessageOutcome> outcomes = new AtomicReferenceArray<>(messages.size());
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        List<Future<?>> futures = new ArrayList<>();
        if (fifo) {
            futures.add(executor.submit(() -> inOrder(messages, outcomes, work)));
        } else {
            Semaphore slots = new Semaphore(PARALLELISM);
            for (int i = 0; i < messages.size(); i++) {
                int index = i;
                futures.add(executor.submit(() -> {
                    slots.acquireUninterruptibly();
                    try {
                        outcomes.set(index, safely(messages.get(index), work));
                    } finally {
                        slots.release();
                    }
                }));
            }
        }
        futures.forEach(future -> awaitUntil(future, answerBy));
        executor.shutdownNow();
        return collect(messages, outcomes, fifo);
    }

    private void inOrder(List<QueueMessage> messages, AtomicReferenceArray<MessageOutcome> outcomes, Deadline work) {
        for (int i = 0; i < messages.size(); i++) {
            MessageOutcome outcome = safely(messages.get(i), work);
            outcomes.set(i, outcome);
            if (outcome instanceof MessageOutcome.Retry) {
                return;
            }
        }
    }

    private static void awaitUntil(Future<?> future, Deadline answerBy) {
        try {
            future.get(answerBy.remaining().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // safely() catches what a message throws; an Error lands here and the message is retried.
        }
    }

    /** The outcomes in message order; unfinished ones (and, on FIFO, all after a retry) are retried. */
    private static List<MessageOutcome> collect(List<QueueMessage> messages,
            AtomicReferenceArray<MessageOutcome> outcomes, boolean fifo) {
        List<MessageOutcome> collected = new ArrayList<>();
        boolean stopped = false;
        for (int i = 0; i < messages.size(); i++) {
            MessageOutcome outcome = outcomes.get(i);
            if (stopped) {
                outcome = new MessageOutcome.Retry("an earlier message of the FIFO batch failed");
            } else if (outcome == null) {
                outcome = new MessageOutcome.Retry("unfinished when the invocation had to answer");
                log(messages.get(i), outcome);
            }
            stopped = fifo && outcome instanceof MessageOutcome.Retry;
            collected.add(outcome);
        }
        return collected;
    }

    /** One message, on its own thread: its log lines carry its own correlation fields, not its siblings'. */
    private MessageOutcome safely(QueueMessage message, Deadline deadline) {
        try (Log.Scope part = Log.branch()) {
            Log.correlate(Log.MESSAGE_ID, message.messageId());
            Log.correlate(Log.CALLER, message.senderId());
            return processed(message, deadline);
        }
    }

    private MessageOutcome processed(QueueMessage message, Deadline deadline) {
        if (!deadline.allows(MIN_FOR_MESSAGE)) {
            MessageOutcome late = new MessageOutcome.Retry("no time left in this invocation");
            log(message, late);
            return late;
        }
        try {
            MessageOutcome outcome = processor.get().process(message, deadline);
            log(message, outcome);
            return outcome;
        } catch (RuntimeException e) {
            Map<String, Object> fields = new LinkedHashMap<>(Log.failure(e));
            fields.put("messageId", message.messageId());
            Log.error("message failed; it will be retried", fields);
            return new MessageOutcome.Retry(e.getClass().getSimpleName());
        }
    }

    private static ObjectNode response(List<QueueMessage> messages, List<MessageOutcome> outcomes) {
        ObjectNode response = Wire.object();
        ArrayNode failures = response.putArray("batchItemFailures");
        for (int i = 0; i < messages.size(); i++) {
            if (outcomes.get(i) instanceof MessageOutcome.Retry) {
                failures.addObject().put("itemIdentifier", messages.get(i).messageId());
            }
        }
        return response;
    }

    private static void log(QueueMessage message, MessageOutcome outcome) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("messageId", message.messageId());
        switch (outcome) {
            case MessageOutcome.Done done -> fields.put("jobId", done.jobId());
            case MessageOutcome.SetAside aside -> fields.put("setAside", aside.reason());
            case MessageOutcome.Retry retry -> fields.put("retry", retry.reason());
        }
        Log.info("message", fields);
    }
}
