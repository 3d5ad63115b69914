package dev.hfjobs.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * A table's DynamoDB stream read as Lambda's event source mapping reads it, for local runs and
 * tests where no Lambda service polls: from the start of every shard ({@code TRIM_HORIZON}), the
 * records written since the last read, in order, turned into the records of the event Lambda hands
 * a function ({@code {"Records": [...]}}, each with {@code eventSourceARN}). Not thread-safe: one
 * reader at a time.
 */
public final class TableStream {
    /**
     * The template's {@code FilterCriteria} on {@code EventOutboxFunction}'s stream: a new item with
     * an {@code outbox} map that has an {@code eventId}.
     */
    public static final Predicate<JsonNode> OUTBOX_INSERTS = record -> "INSERT".equals(
            record.path("eventName").asText()) && record.at("/dynamodb/NewImage/outbox/M/eventId/S").isTextual();

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final Map<String, String> iterators = new LinkedHashMap<>();

    /** @param streamArn the table's latest stream */
    public TableStream(DynamoDbStreamsClient streams, String streamArn) {
        this.streams = streams;
        this.streamArn = streamArn;
    }

    public String streamArn() {
        return streamArn;
    }

    /** The records written since the previous call that {@code filter} lets through, at most {@code max}. */
    public List<ObjectNode> read(Predicate<JsonNode> filter, int max) {
        if (iterators.isEmpty()) {
            // The shards once: a local stream (moto's) has one that never splits.
            for (Shard shard : streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards()) {
                iterators.put(shard.shardId(), streams.getShardIterator(b -> b.streamArn(streamArn)
                        .shardId(shard.shardId()).shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator());
            }
        }
        List<ObjectNode> records = new ArrayList<>();
        for (Map.Entry<String, String> shard : iterators.entrySet()) {
            if (shard.getValue() == null || records.size() >= max) {
                continue;
            }
            int limit = max - records.size();
            GetRecordsResponse page = streams.getRecords(b -> b.shardIterator(shard.getValue()).limit(limit));
            shard.setValue(page.nextShardIterator());
            page.records().stream().map(this::lambdaRecord).filter(filter).forEach(records::add);
        }
        return records;
    }

    /** The event Lambda hands a function for {@code records}. */
    public static ObjectNode event(List<ObjectNode> records) {
        ObjectNode event = JSON.objectNode();
        event.putArray("Records").addAll(records);
        return event;
    }

    private ObjectNode lambdaRecord(Record record) {
        ObjectNode json = JSON.objectNode();
        json.put("eventID", record.eventID());
        json.put("eventName", record.eventNameAsString());
        json.put("eventVersion", "1.1");
        json.put("eventSource", "aws:dynamodb");
        json.put("awsRegion", record.awsRegion() == null ? StackClients.REGION.id() : record.awsRegion());
        StreamRecord change = record.dynamodb();
        ObjectNode dynamodb = json.putObject("dynamodb");
        if (change.approximateCreationDateTime() != null) {
            dynamodb.put("ApproximateCreationDateTime", change.approximateCreationDateTime().getEpochSecond());
        }
        dynamodb.set("Keys", item(change.keys()));
        if (change.hasNewImage()) {
            dynamodb.set("NewImage", item(change.newImage()));
        }
        if (change.hasOldImage()) {
            dynamodb.set("OldImage", item(change.oldImage()));
        }
        dynamodb.put("SequenceNumber", change.sequenceNumber());
        dynamodb.put("SizeBytes", change.sizeBytes());
        dynamodb.put("StreamViewType", change.streamViewTypeAsString());
        json.put("eventSourceARN", streamArn);
        return json;
    }

    private static ObjectNode item(Map<String, AttributeValue> item) {
        ObjectNode json = JSON.objectNode();
        item.forEach((name, value) -> json.set(name, value(value)));
        return json;
    }

    /** DynamoDB's JSON for one attribute value, as in the stream records Lambda delivers. */
    private static ObjectNode value(AttributeValue value) {
        ObjectNode json = JSON.objectNode();
        switch (value.type()) {
            case S -> json.put("S", value.s());
            case N -> json.put("N", value.n());
            case B -> json.put("B", base64(value.b()));
            case BOOL -> json.put("BOOL", value.bool());
            case NUL -> json.put("NULL", true);
            case M -> json.set("M", item(value.m()));
            case L -> {
                ArrayNode list = json.putArray("L");
                value.l().forEach(v -> list.add(value(v)));
            }
            case SS -> value.ss().forEach(json.putArray("SS")::add);
            case NS -> value.ns().forEach(json.putArray("NS")::add);
            case BS -> {
                ArrayNode list = json.putArray("BS");
                value.bs().forEach(b -> list.add(base64(b)));
            }
            case UNKNOWN_TO_SDK_VERSION -> throw new DevStackException("a stream attribute of an unknown type");
        }
        return json;
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArray());
    }
}
