package dev.hfjobs.queue;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.Log;
import dev.hfjobs.Once;
import dev.hfjobs.Priming;
import dev.hfjobs.WarmUp;
import dev.hfjobs.Wiring;
import dev.hfjobs.hub.Deadline;
import dev.hfjobs.model.Wire;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * {@code QueueSubmitFunction}: one HF job per SQS message, messages of a batch in parallel
 * (bounded), answered with a partial batch response. Standard queues report every message that
 * may succeed later; FIFO queues stop at the first such message and report it and all after it.
 */
public final class QueueSubmitFunction implements RequestStreamHandler {
    /** Messages in flight at once within one batch: bounds the burst on the Hub's rate limit. */
    static final int PARALLELISM = 10;
    private static final Duration MARGIN = Duration.ofSeconds(2);
    private static final String WARM_UP_EVENT = """
            {"Records": [{"messageId": "warm-up", "receiptHandle": "warm-up", "body": "{}",
              "attributes": {"ApproximateReceiveCount": "1", "SenderId": "warm-up"},
              "messageAttributes": {"idempotencyKey": {"stringValue": "warm-up", "dataType": "String"}},
              "eventSource": "aws:sqs", "eventSourceARN": "arn:aws:sqs:us-east-1:000000000000:warm-up"}]}""";

    private final Supplier<MessageProcessor> processor;
    private final Priming priming;

    /** The runtime's constructor: wires the real clients from the environment, once per container. */
    public QueueSubmitFunction() {
        this(Wiring::fromEnvironment);
    }

    QueueSubmitFunction(Supplier<Wiring> wiring) {
        this.processor = new Once<>(() -> {
            Wiring w = wiring.get();
            return new MessageProcessor(w.submitService(), w.events(), w.deadLetters());
        });
        this.priming = Priming.register(this::warmUp);
    }

    /**
     * SnapStart priming, run before the snapshot (and callable any time): builds the wiring (AWS SDK
     * clients, the Hub client), runs {@link WarmUp#all()} and Jackson over an SQS event. Sends
     * nothing, reads no token, creates no random id.
     */
    public void prime() {
        priming.prime();
    }

    private void warmUp() {
        WarmUp.all();
        processor.get();
        QueueMessage.fromEvent(Wire.parse(WARM_UP_EVENT));
        Wire.write(response(List.of(), List.of()));
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        List<QueueMessage> messages = QueueMessage.fromEvent(Wire.parse(new String(input.readAllBytes(),
                StandardCharsets.UTF_8)));
        Deadline deadline = context == null ? Deadline.after(Duration.ofSeconds(60))
                : Deadline.fromRemaining(context.getRemainingTimeInMillis(), MARGIN);
        boolean fifo = !messages.isEmpty() && messages.getFirst().fromFifoQueue();
        List<MessageOutcome> outcomes = fifo ? inOrder(messages, deadline) : inParallel(messages, deadline);
        output.write(Wire.write(response(messages, outcomes)).getBytes(StandardCharsets.UTF_8));
    }

    private List<MessageOutcome> inParallel(List<QueueMessage> messages, Deadline deadline) {
        Semaphore slots = new Semaphore(PARALLELISM);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<MessageOutcome>> futures = new ArrayList<>();
            for (QueueMessage message : messages) {
                futures.add(executor.submit(() -> {
                    slots.acquire();
                    try {
                        return safely(message, deadline);
                    } finally {
                        slots.release();
                    }
                }));
            }
            return futures.stream().map(QueueSubmitFunction::join).toList();
        }
    }

    private List<MessageOutcome> inOrder(List<QueueMessage> messages, Deadline deadline) {
        List<MessageOutcome> outcomes = new ArrayList<>();
        for (QueueMessage message : messages) {
            boolean stopped = !outcomes.isEmpty() && outcomes.getLast() instanceof MessageOutcome.Retry;
            outcomes.add(stopped ? new MessageOutcome.Retry("an earlier message of the FIFO batch failed")
                    : safely(message, deadline));
        }
        return outcomes;
    }

    private MessageOutcome safely(QueueMessage message, Deadline deadline) {
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

    private static MessageOutcome join(Future<MessageOutcome> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new MessageOutcome.Retry("interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            return new MessageOutcome.Retry(e.getCause().getClass().getSimpleName());
        }
    }

    private static ObjectNode response(List<QueueMessage> messages, List<MessageOutcome> outcomes) {
        ObjectNode response = Wire.mapper().createObjectNode();
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
