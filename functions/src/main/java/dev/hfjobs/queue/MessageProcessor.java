package dev.hfjobs.queue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hfjobs.Deadline;
import dev.hfjobs.Log;
import dev.hfjobs.model.ModelException;
import dev.hfjobs.model.Problem;
import dev.hfjobs.model.Wire;
import dev.hfjobs.ports.DeadLetterQueue;
import dev.hfjobs.ports.DeadLetterQueueException;
import dev.hfjobs.submit.Source;
import dev.hfjobs.submit.SubmitInput;
import dev.hfjobs.submit.SubmitMetrics;
import dev.hfjobs.submit.SubmitOutcome;
import dev.hfjobs.submit.SubmitService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns one queue message into a job, or sets it aside with its reason, or asks for a retry.
 * Nothing is dropped: when the dead-letter queue cannot take a message, it is retried instead.
 */
final class MessageProcessor {
    static final String KEY_FIELD = "idempotencyKey";
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");
    private static final Problem KEY_PROBLEM = new Problem(KEY_FIELD, "must be 1 to 255 printable ASCII characters");

    private final SubmitService submit;
    private final DeadLetterQueue deadLetters;

    MessageProcessor(SubmitService submit, DeadLetterQueue deadLetters) {
        this.submit = submit;
        this.deadLetters = deadLetters;
    }

    MessageOutcome process(QueueMessage message, Deadline deadline) {
        String body = message.body() == null ? "" : message.body();
        String key = key(message, body);
        SubmitInput input = SubmitInput.runJob(body, "sqs:" + (key == null ? message.messageId() : key),
                key == null ? List.of(KEY_PROBLEM) : List.of(), Set.of(KEY_FIELD), Source.SQS, message.senderId())
                .withTaskToken(message.taskTokenAttribute());
        Log.correlate(Log.IDEMPOTENCY_KEY, input.idempotencyKey());
        SubmitOutcome outcome = submit.submit(input, deadline);
        SubmitMetrics.record(Source.SQS, outcome);
        return switch (outcome) {
            case SubmitOutcome.Created created when created.settled() -> new MessageOutcome.Done(created.job().id());
            case SubmitOutcome.Created created -> new MessageOutcome.Retry("job " + created.job().id()
                    + " created; its record or event is still to be written");
            case SubmitOutcome.Rejected rejected -> setAside(message, rejected, deadline);
            case SubmitOutcome.InProgress inProgress -> new MessageOutcome.Retry("in progress elsewhere");
            case SubmitOutcome.Unavailable unavailable -> new MessageOutcome.Retry(unavailable.cause() + ": "
                    + unavailable.detail());
        };
    }

    /**
     * The attribute, else the body's field, else the message id; null when the one given is
     * invalid. A body that is not JSON has no field (the service reports it as malformed).
     */
    private static String key(QueueMessage message, String body) {
        if (message.keyAttribute() != null) {
            return KEY.matcher(message.keyAttribute()).matches() ? message.keyAttribute() : null;
        }
        JsonNode field;
        try {
            field = Wire.parse(body).path(KEY_FIELD);
        } catch (ModelException e) {
            return message.messageId();
        }
        if (field.isMissingNode() || field.isNull()) {
            return message.messageId();
        }
        return field.isTextual() && KEY.matcher(field.textValue()).matches() ? field.textValue() : null;
    }

    private MessageOutcome setAside(QueueMessage message, SubmitOutcome.Rejected rejected, Deadline deadline) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(DeadLetterQueue.REASON, rejected.reason().code());
        attributes.put(DeadLetterQueue.SOURCE_MESSAGE_ID, message.messageId());
        attributes.put("hfjobs-detail", rejected.message());
        rejected.hubRefusal().ifPresent(http -> attributes.put(DeadLetterQueue.HUB_STATUS,
                Integer.toString(http.status())));
        if (!rejected.problems().isEmpty()) {
            attributes.put(DeadLetterQueue.PROBLEMS, Wire.write(rejected.problems()));
        }
        try {
            deadLetters.send(message.body() == null ? "" : message.body(), attributes, deadline);
        } catch (DeadLetterQueueException e) {
            Log.error("dead-letter queue refused a message; it will be retried", Map.of(
                    "messageId", message.messageId(), "reason", rejected.reason().code(), "detail", e.getMessage()));
            return new MessageOutcome.Retry("dead-letter queue unavailable");
        }
        return new MessageOutcome.SetAside(rejected.reason().code());
    }
}
