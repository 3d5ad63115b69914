package dev.hfjobs.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbServiceClientConfiguration;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.CreateTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTimeToLiveRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTimeToLiveResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The DynamoDB client the functions use: the item operations they make (PutItem, GetItem,
 * UpdateItem, DeleteItem, BatchWriteItem, Query) sent through {@link JsonService}, the SDK's
 * request and response objects in and out. The table administration tests and local tools need
 * (CreateTable, DescribeTable, DeleteTable, the time to
 * live, Scan) goes to an SDK client built only then;
 * any other operation is refused, as no function makes it.
 */
final class JsonDynamoDb implements DynamoDbClient {
    static final JsonService.Protocol PROTOCOL =
            new JsonService.Protocol("dynamodb", "DynamoDb", "DynamoDB_20120810", "1.0", "DYNAMODB");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonService service;
    private final Supplier<DynamoDbClient> sdk;

    JsonDynamoDb(JsonService service, Supplier<DynamoDbClient> sdk) {
        this.service = service;
        this.sdk = sdk;
    }

    /** The service exceptions the functions tell apart; the rest are {@link DynamoDbException}s with their code. */
    static AwsServiceException exception(String code, JsonNode body) {
        return switch (code) {
            case "ConditionalCheckFailedException" -> {
                var builder = ConditionalCheckFailedException.builder();
                if (body.path("Item").isObject()) {
                    builder.item(AttributeJson.item(body.path("Item")));
                }
                yield builder.build();
            }
            case "ProvisionedThroughputExceededException" -> ProvisionedThroughputExceededException.builder().build();
            case "RequestLimitExceeded" -> RequestLimitExceededException.builder().build();
            case "ResourceNotFoundException" -> ResourceNotFoundException.builder().build();
            case "TransactionConflictException" -> TransactionConflictException.builder().build();
            case "InternalServerError" -> InternalServerErrorException.builder().build();
            default -> DynamoDbException.builder().build();
        };
    }

    @Override
    public PutItemResponse putItem(PutItemRequest r) {
        ObjectNode body = table(r.tableName());
        body.set("Item", AttributeJson.item(r.item()));
        conditions(body, r.conditionExpression(), r.expressionAttributeNames(), r.expressionAttributeValues());
        returns(body, r.returnValuesAsString(), r.returnValuesOnConditionCheckFailureAsString());
        return service.call(r, "PutItem", body, a -> {
            var builder = PutItemResponse.builder();
            attributes(a).ifPresent(builder::attributes);
            return builder.build();
        });
    }

    @Override
    public GetItemResponse getItem(GetItemRequest r) {
        ObjectNode body = table(r.tableName());
        body.set("Key", AttributeJson.item(r.key()));
        if (r.consistentRead() != null) {
            body.put("ConsistentRead", r.consistentRead());
        }
        text(body, "ProjectionExpression", r.projectionExpression());
        conditions(body, null, r.expressionAttributeNames(), Map.of());
        return service.call(r, "GetItem", body, a -> {
            var builder = GetItemResponse.builder();
            if (a.path("Item").isObject()) {
                builder.item(AttributeJson.item(a.path("Item")));
            }
            return builder.build();
        });
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest r) {
        ObjectNode body = table(r.tableName());
        body.set("Key", AttributeJson.item(r.key()));
        text(body, "UpdateExpression", r.updateExpression());
        conditions(body, r.conditionExpression(), r.expressionAttributeNames(), r.expressionAttributeValues());
        returns(body, r.returnValuesAsString(), r.returnValuesOnConditionCheckFailureAsString());
        return service.call(r, "UpdateItem", body, a -> {
            var builder = UpdateItemResponse.builder();
            attributes(a).ifPresent(builder::attributes);
            return builder.build();
        });
    }

    @Override
    public DeleteItemResponse deleteItem(DeleteItemRequest r) {
        ObjectNode body = table(r.tableName());
        body.set("Key", AttributeJson.item(r.key()));
        conditions(body, r.conditionExpression(), r.expressionAttributeNames(), r.expressionAttributeValues());
        returns(body, r.returnValuesAsString(), r.returnValuesOnConditionCheckFailureAsString());
        return service.call(r, "DeleteItem", body, a -> {
            var builder = DeleteItemResponse.builder();
            attributes(a).ifPresent(builder::attributes);
            return builder.build();
        });
    }

    @Override
    public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest r) {
        ObjectNode body = NODES.objectNode();
        ObjectNode tables = body.putObject("RequestItems");
        r.requestItems().forEach((table, writes) -> {
            ArrayNode list = tables.putArray(table);
            writes.forEach(w -> list.add(write(w)));
        });
        return service.call(r, "BatchWriteItem", body, a -> {
            Map<String, List<WriteRequest>> unprocessed = new LinkedHashMap<>();
            a.path("UnprocessedItems").properties().forEach(e -> {
                List<WriteRequest> writes = new ArrayList<>();
                e.getValue().forEach(w -> writes.add(write(w)));
                unprocessed.put(e.getKey(), writes);
            });
            return BatchWriteItemResponse.builder().unprocessedItems(unprocessed).build();
        });
    }

    @Override
    public QueryResponse query(QueryRequest r) {
        ObjectNode body = table(r.tableName());
        text(body, "IndexName", r.indexName());
        text(body, "KeyConditionExpression", r.keyConditionExpression());
        text(body, "FilterExpression", r.filterExpression());
        text(body, "ProjectionExpression", r.projectionExpression());
        text(body, "Select", r.selectAsString());
        conditions(body, null, r.expressionAttributeNames(), r.expressionAttributeValues());
        if (r.hasExclusiveStartKey()) {
            body.set("ExclusiveStartKey", AttributeJson.item(r.exclusiveStartKey()));
        }
        if (r.limit() != null) {
            body.put("Limit", r.limit());
        }
        if (r.scanIndexForward() != null) {
            body.put("ScanIndexForward", r.scanIndexForward());
        }
        if (r.consistentRead() != null) {
            body.put("ConsistentRead", r.consistentRead());
        }
        return service.call(r, "Query", body, a -> {
            List<Map<String, AttributeValue>> items = new ArrayList<>(a.path("Items").size());
            a.path("Items").forEach(item -> items.add(AttributeJson.item(item)));
            var builder = QueryResponse.builder().items(items).count(a.path("Count").asInt(items.size()))
                    .scannedCount(a.path("ScannedCount").asInt(items.size()));
            if (a.path("LastEvaluatedKey").isObject()) {
                builder.lastEvaluatedKey(AttributeJson.item(a.path("LastEvaluatedKey")));
            }
            return builder.build();
        });
    }

    // Table administration: tests and local tools only, through the SDK's client.

    @Override
    public CreateTableResponse createTable(CreateTableRequest r) {
        return sdk.get().createTable(r);
    }

    @Override
    public DescribeTableResponse describeTable(DescribeTableRequest r) {
        return sdk.get().describeTable(r);
    }

    @Override
    public UpdateTimeToLiveResponse updateTimeToLive(UpdateTimeToLiveRequest r) {
        return sdk.get().updateTimeToLive(r);
    }

    @Override
    public DescribeTimeToLiveResponse describeTimeToLive(DescribeTimeToLiveRequest r) {
        return sdk.get().describeTimeToLive(r);
    }

    @Override
    public DeleteTableResponse deleteTable(DeleteTableRequest r) {
        return sdk.get().deleteTable(r);
    }

    @Override
    public ScanResponse scan(ScanRequest r) {
        return sdk.get().scan(r);
    }

    @Override
    public DynamoDbServiceClientConfiguration serviceClientConfiguration() {
        return sdk.get().serviceClientConfiguration();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
        // The shared HTTP client is the container's; an SDK client built for administration is closed
        // with the rest by AwsClients.
    }

    private static ObjectNode table(String name) {
        return NODES.objectNode().put("TableName", name);
    }

    private static void conditions(ObjectNode body, String condition, Map<String, String> names,
            Map<String, AttributeValue> values) {
        text(body, "ConditionExpression", condition);
        if (names != null && !names.isEmpty()) {
            ObjectNode node = body.putObject("ExpressionAttributeNames");
            names.forEach(node::put);
        }
        if (values != null && !values.isEmpty()) {
            body.set("ExpressionAttributeValues", AttributeJson.item(values));
        }
    }

    /** What a write returns: the item's attributes ({@code ReturnValues}), and its old item when a condition fails. */
    private static void returns(ObjectNode body, String values, String onConditionCheckFailure) {
        text(body, "ReturnValues", values);
        text(body, "ReturnValuesOnConditionCheckFailure", onConditionCheckFailure);
    }

    private static void text(ObjectNode body, String field, String value) {
        if (value != null) {
            body.put(field, value);
        }
    }

    /** The attributes an answer returned ({@code ReturnValues}), or none. */
    private static Optional<Map<String, AttributeValue>> attributes(JsonNode answer) {
        return answer.path("Attributes").isObject() ? Optional.of(AttributeJson.item(answer.path("Attributes")))
                : Optional.empty();
    }

    private static ObjectNode write(WriteRequest w) {
        ObjectNode node = NODES.objectNode();
        if (w.putRequest() != null) {
            node.putObject("PutRequest").set("Item", AttributeJson.item(w.putRequest().item()));
        } else if (w.deleteRequest() != null) {
            node.putObject("DeleteRequest").set("Key", AttributeJson.item(w.deleteRequest().key()));
        }
        return node;
    }

    private static WriteRequest write(JsonNode w) {
        if (w.has("PutRequest")) {
            return WriteRequest.builder().putRequest(PutRequest.builder()
                    .item(AttributeJson.item(w.path("PutRequest").path("Item"))).build()).build();
        }
        return WriteRequest.builder().deleteRequest(DeleteRequest.builder()
                .key(AttributeJson.item(w.path("DeleteRequest").path("Key"))).build()).build();
    }
}
