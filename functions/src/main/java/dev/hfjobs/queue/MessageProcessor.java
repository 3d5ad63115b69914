package dev.hfjobs.queue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hfjobs.Log;
import dev.hfjobs.aws.DeadLetterQueue;
import dev.hfjobs.aws.DeadLetterQueueException;
import dev.hfjobs.aws.EventPublisher;
import dev.hfjobs.hub.Deadline;
import dev.hfjobs.model.JobRequests;
import dev.hfjobs.model.ModelException;
import dev.hfjobs.model.Problem;
import dev.hfjobs.model.SubmitRequest;
import dev.hfjobs.model.Validated;
import dev.hfjobs.model.Wire;
import dev.hfjobs.submit.Source;
import dev.hfjobs.submit.SubmitCommand;
import dev.hfjobs.submit.SubmitEvents;
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

    private final SubmitService submit;
    private final EventPublisher events;
    private final DeadLetterQueue deadLetters;

    MessageProcessor(SubmitService submit, EventPublisher events, DeadLetterQueue deadLetters) {
        this.submit = submit;
        this.events = events;
        this.deadLetters = deadLetters;
    }

    MessageOutcome process(QueueMessage message, Deadline deadline) {
        JsonNode body;
        try {
            body = Wire.parse(message.body() == null ? "" : message.body());
        } catch (ModelException e) {
            return setAside(message, null, message.messageId(), "malformed-json", e.getMessage(), List.of());
        }
        String key = key(message, body);
        if (key == null) {
            return setAside(message, body, message.messageId(), "invalid-request", "the idempotency key is invalid",
                    List.of(new Problem(KEY_FIELD, "must be 1 to 255 printable ASCII characters")));
        }
        return switch (JobRequests.parseSubmit(body, Set.of(KEY_FIELD))) {
            case Validated.Invalid<SubmitRequest> invalid -> setAside(message, body, key, "invalid-request",
                    invalid.problems().size() + " problem(s) in the request", invalid.problems());
            case Validated.Valid<SubmitRequest> valid -> outcome(message, body, key, submit.submit(
                    new SubmitCommand(valid.value(), Source.SQS, message.senderId(), "sqs:" + key), deadline));
        };
    }

    private MessageOutcome outcome(QueueMessage message, JsonNode body, String key, SubmitOutcome outcome) {
        return switch (outcome) {
            case SubmitOutcome.Created created when created.settled() -> new MessageOutcome.Done(created.job().id());
            case SubmitOutcome.Created created -> new MessageOutcome.Retry("job " + created.job().id()
                    + " created; its record or event is still to be written");
            case SubmitOutcome.Invalid invalid -> setAside(message, body, key, "invalid-request",
                    invalid.problems().size() + " problem(s) in the request", invalid.problems());
            case SubmitOutcome.HubRejected rejected -> setAside(message, body, key,
                    "hub-" + rejected.error().status(), rejected.error().describe(), List.of());
            case SubmitOutcome.KeyConflict conflict -> setAside(message, body, key, "idempotency-key-reused",
                    conflict.detail(), List.of());
            case SubmitOutcome.InProgress inProgress -> new MessageOutcome.Retry("in progress elsewhere");
            case SubmitOutcome.Unavailable unavailable -> new MessageOutcome.Retry(unavailable.cause() + ": "
                    + unavailable.detail());
        };
    }

    /** The attribute, else the body's field, else the message id; null when one given is invalid. */
    private static String key(QueueMessage message, JsonNode body) {
        if (message.keyAttribute() != null) {
            return KEY.matcher(message.keyAttribute()).matches() ? message.keyAttribute() : null;
        }
        JsonNode field = body.path(KEY_FIELD);
        if (field.isMissingNode() || field.isNull()) {
            return message.messageId();
        }
        return field.isTextual() && KEY.matcher(field.textValue()).matches() ? field.textValue() : null;
    }

    private MessageOutcome setAside(QueueMessage message, JsonNode body, String key, String reason, String detail,
            List<Problem> problems) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(DeadLetterQueue.REASON, reason);
        attributes.put(DeadLetterQueue.SOURCE_MESSAGE_ID, message.messageId());
        attributes.put("hfjobs-detail", detail);
        if (!problems.isEmpty()) {
            attributes.put(DeadLetterQueue.PROBLEMS, Wire.write(problems));
        }
        try {
            deadLetters.send(message.body() == null ? "" : message.body(), attributes);
        } catch (DeadLetterQueueException e) {
            Log.error("dead-letter queue refused a message; it will be retried", Map.of(
                    "messageId", message.messageId(), "reason", reason, "detail", e.getMessage()));
            return new MessageOutcome.Retry("dead-letter queue unavailable");
        }
        List<EventPublisher.HfEvent> unpublished = events.publish(List.of(SubmitEvents.failed(reason, detail, problems,
                body, Source.SQS, key, message.senderId())));
        if (!unpublished.isEmpty()) {
            Log.warn("failure event not published", Map.of("messageId", message.messageId(), "reason", reason));
        }
        return new MessageOutcome.SetAside(reason);
    }
}
