package dev.hfjobs.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * {@code AWS::DynamoDB::Table}: keys, attributes, GSIs with their projection, billing, encryption,
 * TTL and the stream; ACTIVE when {@link #create} returns.
 */
final class TableCreator implements Creator {

    static final String TYPE = "AWS::DynamoDB::Table";
    private static final Duration ACTIVE_WITHIN = Duration.ofSeconds(30);

    private final DynamoDbClient dynamoDb;

    TableCreator(DynamoDbClient dynamoDb) {
        this.dynamoDb = dynamoDb;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> applied() {
        return Set.of("AttributeDefinitions", "KeySchema", "GlobalSecondaryIndexes", "BillingMode",
                "ProvisionedThroughput", "SSESpecification", "TimeToLiveSpecification", "StreamSpecification");
    }

    @Override
    public Set<String> skipped() {
        return Set.of("TableName", "PointInTimeRecoverySpecification", "DeletionProtectionEnabled", "Tags",
                "ContributorInsightsSpecification", "TableClass");
    }

    @Override
    public CreatedStack.Resource create(String logicalId, String name, JsonNode p) {
        boolean provisioned = p.path("BillingMode").asText("PROVISIONED").equals("PROVISIONED");
        CreateTableRequest.Builder request = CreateTableRequest.builder().tableName(name)
                .billingMode(provisioned ? BillingMode.PROVISIONED : BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attributes(p.path("AttributeDefinitions"))).keySchema(keys(p.path("KeySchema")));
        if (provisioned) {
            request.provisionedThroughput(throughput(p.path("ProvisionedThroughput")));
        }
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        p.path("GlobalSecondaryIndexes").forEach(index -> indexes.add(index(index, provisioned)));
        if (!indexes.isEmpty()) {
            request.globalSecondaryIndexes(indexes);
        }
        if (p.has("SSESpecification")) {
            request.sseSpecification(s -> s.enabled(p.at("/SSESpecification/SSEEnabled").asBoolean(false)));
        }
        JsonNode stream = p.path("StreamSpecification");
        if (stream.has("StreamViewType")) {
            request.streamSpecification(s -> s.streamEnabled(true).streamViewType(stream.path("StreamViewType").asText()));
        }
        TableDescription table = awaitActive(dynamoDb.createTable(request.build()).tableDescription());
        JsonNode ttl = p.path("TimeToLiveSpecification");
        if (ttl.path("Enabled").asBoolean(false)) {
            dynamoDb.updateTimeToLive(b -> b.tableName(name).timeToLiveSpecification(t -> t.enabled(true)
                    .attributeName(ttl.path("AttributeName").asText())));
        }
        return new CreatedStack.Table(logicalId, name, table.tableArn(), table.latestStreamArn());
    }

    private static GlobalSecondaryIndex index(JsonNode index, boolean provisioned) {
        JsonNode projection = index.path("Projection");
        List<String> nonKey = new ArrayList<>();
        projection.path("NonKeyAttributes").forEach(attribute -> nonKey.add(attribute.asText()));
        GlobalSecondaryIndex.Builder built = GlobalSecondaryIndex.builder().indexName(index.path("IndexName").asText())
                .keySchema(keys(index.path("KeySchema")))
                .projection(Projection.builder().projectionType(projection.path("ProjectionType").asText("ALL"))
                        .nonKeyAttributes(nonKey.isEmpty() ? null : nonKey).build());
        return (provisioned ? built.provisionedThroughput(throughput(index.path("ProvisionedThroughput"))) : built)
                .build();
    }

    /** moto answers ACTIVE at once, so this never waits there; a real DynamoDB takes seconds. */
    private TableDescription awaitActive(TableDescription table) {
        long deadline = System.nanoTime() + ACTIVE_WITHIN.toNanos();
        TableDescription current = table;
        while (current.tableStatus() != TableStatus.ACTIVE) {
            if (System.nanoTime() > deadline) {
                throw new DevStackException("table " + table.tableName() + " is still " + current.tableStatus());
            }
            pause();
            current = dynamoDb.describeTable(b -> b.tableName(table.tableName())).table();
        }
        return current;
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevStackException("interrupted while waiting for a table", e);
        }
    }

    private static List<AttributeDefinition> attributes(JsonNode definitions) {
        List<AttributeDefinition> attributes = new ArrayList<>();
        definitions.forEach(a -> attributes.add(AttributeDefinition.builder()
                .attributeName(a.path("AttributeName").asText()).attributeType(a.path("AttributeType").asText())
                .build()));
        return attributes;
    }

    private static List<KeySchemaElement> keys(JsonNode schema) {
        List<KeySchemaElement> keys = new ArrayList<>();
        schema.forEach(k -> keys.add(KeySchemaElement.builder().attributeName(k.path("AttributeName").asText())
                .keyType(k.path("KeyType").asText()).build()));
        return keys;
    }

    private static ProvisionedThroughput throughput(JsonNode units) {
        return ProvisionedThroughput.builder().readCapacityUnits(units.path("ReadCapacityUnits").asLong(5))
                .writeCapacityUnits(units.path("WriteCapacityUnits").asLong(5)).build();
    }
}
