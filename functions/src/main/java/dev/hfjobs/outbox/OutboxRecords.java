package dev.hfjobs.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.FunctionsException;
import dev.hfjobs.model.ModelException;
import dev.hfjobs.model.Wire;
import dev.hfjobs.ports.EventPublisher.HfEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The records of a DynamoDB stream event, as Lambda hands them to the function: each new item that
 * carries an {@code outbox} map ({@code detailType}, {@code eventId}, {@code detail}: see
 * {@code OutboxEvent}) becomes the event to publish. The rest (a modified or removed item, an item
 * without an outbox, which the event source mapping's filter already keeps away) is skipped.
 */
final class OutboxRecords {
    private OutboxRecords() {}

    /** One stream record: what to publish, what to skip, or why it cannot be read. */
    sealed interface Entry {
        /** The record's sequence number: its identifier in a batch item failure. */
        String sequenceNumber();

        /** A new item's event. */
        record Publish(String sequenceNumber, HfEvent event) implements Entry {}

        /** Not an outbox event (the filter lets none through; a redelivery without one is harmless). */
        record Skip(String sequenceNumber) implements Entry {}

        /** An outbox that breaks the rule: reported as failed, so it is retried and then set aside. */
        record Unreadable(String sequenceNumber, String key, String rule) implements Entry {}
    }

    /**
     * The entries of a stream event, in order.
     *
     * @throws FunctionsException when the event is not a stream event ({@code Records}, each with a
     *     {@code dynamodb.SequenceNumber}): no record can be named in an answer then
     */
    static List<Entry> parse(byte[] event) {
        JsonNode root;
        try {
            root = Wire.parse(event);
        } catch (ModelException e) {
            throw new FunctionsException("the event is not JSON: " + e.getMessage());
        }
        JsonNode records = root.path("Records");
        if (!records.isArray()) {
            throw new FunctionsException("Records: must be the array of stream records");
        }
        List<Entry> entries = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            entries.add(entry(records.get(i), i));
        }
        return entries;
    }

    private static Entry entry(JsonNode record, int index) {
        JsonNode dynamodb = record.path("dynamodb");
        JsonNode sequence = dynamodb.path("SequenceNumber");
        if (!sequence.isTextual() || sequence.textValue().isBlank()) {
            throw new FunctionsException("Records[" + index + "].dynamodb.SequenceNumber: must be text");
        }
        String seq = sequence.textValue();
        JsonNode outbox = dynamodb.path("NewImage").path("outbox");
        if (!"INSERT".equals(record.path("eventName").asText()) || outbox.isMissingNode()) {
            return new Entry.Skip(seq);
        }
        String key = dynamodb.path("Keys").path("pk").path("S").asText("?");
        JsonNode map = outbox.path("M");
        String detailType = text(map, "detailType");
        String eventId = text(map, "eventId");
        String detail = text(map, "detail");
        if (detailType == null || eventId == null || detail == null) {
            return new Entry.Unreadable(seq, key, "outbox: must be a map of detailType, eventId and detail (S)");
        }
        JsonNode parsed;
        try {
            parsed = Wire.parse(detail);
        } catch (ModelException e) {
            // Wire's message says where, never what the text holds.
            return new Entry.Unreadable(seq, key, "outbox.detail: must be JSON (" + e.getMessage() + ")");
        }
        if (!(parsed instanceof ObjectNode object)) {
            return new Entry.Unreadable(seq, key, "outbox.detail: must be a JSON object");
        }
        return new Entry.Publish(seq, new HfEvent(detailType, eventId, object));
    }

    private static String text(JsonNode map, String name) {
        JsonNode value = map.path(name).path("S");
        return value.isTextual() && !value.textValue().isEmpty() ? value.textValue() : null;
    }
}
