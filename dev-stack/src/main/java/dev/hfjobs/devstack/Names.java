package dev.hfjobs.devstack;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Helpers shared by the namings. */
final class Names {

    static final AtomicInteger COUNTER = new AtomicInteger();

    /** The property that names a resource of each type in a template, replaced by the naming. */
    static final Map<String, String> NAME_PROPERTY = Map.of(
            TableCreator.TYPE, "TableName",
            QueueCreator.TYPE, "QueueName",
            EventBusCreator.TYPE, "Name",
            LogGroupCreator.TYPE, "LogGroupName",
            StateMachineCreator.TYPE, "StateMachineName");

    private Names() {
    }

    /** {@code SubmitDeadLetterQueue} → {@code submit-dead-letter-queue}; {@code HFToken} → {@code hf-token}. */
    static String kebab(String logicalId) {
        return logicalId.replaceAll("([a-z0-9])([A-Z])", "$1-$2").replaceAll("([A-Z]+)([A-Z][a-z])", "$1-$2")
                .toLowerCase(Locale.ROOT);
    }

    /** {@code SubmitQueue} → {@code Submit}: a generated name need not repeat the type. */
    static String withoutTypeWord(String logicalId) {
        for (String word : new String[] {"LogGroup", "EventBus", "Queue", "Table", "Bus"}) {
            if (logicalId.endsWith(word) && logicalId.length() > word.length()) {
                return logicalId.substring(0, logicalId.length() - word.length());
            }
        }
        return logicalId;
    }

    /** A URL's or an ARN's last part (a queue URL's name, an ARN's resource name); anything else as it is. */
    static String lastPart(String value) {
        if (value.contains("://") || value.startsWith("arn:")) {
            String trimmed = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
            return trimmed.substring(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf(':')) + 1);
        }
        return value;
    }
}
