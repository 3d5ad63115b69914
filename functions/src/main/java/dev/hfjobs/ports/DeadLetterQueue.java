package dev.hfjobs.ports;

import dev.hfjobs.Deadline;
import java.util.Map;

/**
 * Where a queue message that can never succeed is set aside, with its reason, instead of being
 * dropped. The attribute name constants are the ones the project writes.
 */
public interface DeadLetterQueue {
    /** Why the message was set aside: a reason code such as {@code invalid-request} or {@code hub-rejected}. */
    String REASON = "hfjobs-reason";
    /** The SQS message id of the original message. */
    String SOURCE_MESSAGE_ID = "hfjobs-source-message-id";
    /** The Hub's status when the Hub refused the job, e.g. {@code 403}. */
    String HUB_STATUS = "hfjobs-hub-status";
    /** The problems found in the request, one per line or as JSON. */
    String PROBLEMS = "hfjobs-problems";

    /**
     * Sends {@code body} (the original message body, unchanged) with the given string attributes.
     * At most 10 attributes, names of {@code [A-Za-z0-9_.-]}; blank values are left out, and
     * values are shortened when the whole message would exceed the queue's size limit.
     *
     * @throws IllegalArgumentException for more than 10 attributes or an invalid name
     * @throws DeadLetterQueueException when the message could not be sent by {@code deadline}; the
     *     caller must then keep the original message (report it as a batch item failure) rather
     *     than lose it
     */
    void send(String body, Map<String, String> reasonAttributes, Deadline deadline);
}
