package dev.hfjobs.aws;

import dev.hfjobs.Deadline;
import dev.hfjobs.store.Leases;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@link Leases} on the jobs table: items {@code pk = "lease#" + name} with {@code owner},
 * {@code leaseUntilMs} (epoch millis: ISO strings with different fraction digits do not sort by
 * time) and a TTL an hour after the lease ends.
 */
public final class DynamoDbLeases implements Leases {
    private final DynamoDbTable table;

    public DynamoDbLeases(DynamoDbClient client, String tableName) {
        this.table = new DynamoDbTable(client, tableName);
    }

    @Override
    public boolean acquire(String name, String owner, Instant until, Instant now, Deadline deadline) {
        try {
            table.call("PutItem", deadline, (c, limits) -> c.putItem(b -> b.tableName(table.name())
                    .item(Map.of(Items.PK, Items.s("lease#" + name), "kind", Items.s("lease"),
                            "owner", Items.s(owner), "leaseUntilMs", millis(until),
                            Items.EXPIRES_AT, AttributeValue.fromN(Long.toString(until.plusSeconds(3600)
                                    .getEpochSecond()))))
                    .conditionExpression("attribute_not_exists(pk) OR leaseUntilMs < :now OR #owner = :owner")
                    .expressionAttributeNames(Map.of("#owner", "owner"))
                    .expressionAttributeValues(Map.of(":now", millis(now), ":owner", Items.s(owner)))
                    .overrideConfiguration(limits)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void release(String name, String owner, Deadline deadline) {
        try {
            table.call("DeleteItem", deadline, (c, limits) -> c.deleteItem(b -> b.tableName(table.name())
                    .key(Map.of(Items.PK, Items.s("lease#" + name)))
                    .conditionExpression("#owner = :owner")
                    .expressionAttributeNames(Map.of("#owner", "owner"))
                    .expressionAttributeValues(Map.of(":owner", Items.s(owner)))
                    .overrideConfiguration(limits)));
        } catch (ConditionalCheckFailedException e) {
            // Someone else holds it now (ours had expired): leave theirs alone.
        }
    }

    private static AttributeValue millis(Instant instant) {
        return AttributeValue.fromN(Long.toString(instant.toEpochMilli()));
    }

    @Override
    public String toString() {
        return "DynamoDbLeases[" + table.name() + "]";
    }
}
