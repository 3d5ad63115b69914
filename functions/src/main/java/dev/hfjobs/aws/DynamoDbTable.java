package dev.hfjobs.aws;

import dev.hfjobs.Deadline;
import dev.hfjobs.store.StoreUnavailableException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The one DynamoDB table the functions keep everything in, as the store adapters share it: the
 * plain client with attribute maps (the enhanced client's reflection costs cold start), each call
 * bounded by its caller's deadline.
 *
 * <p>The table (template.yaml's {@code JobsTable}; tests create it from the template too):
 * <ul>
 *   <li>partition key {@code pk} (S), no sort key; TTL on {@code expiresAt} (N, epoch seconds);
 *   <li>idempotency claims: {@code pk = "idem#" + key} ({@link DynamoDbClaims});
 *   <li>job records: {@code pk = "job#" + jobId}, and {@code activePk = "ACTIVE"} only while the
 *       stage is not terminal ({@link DynamoDbJobRecords});
 *   <li>documents: {@code pk = "doc#" + name}; leases: {@code pk = "lease#" + name};
 *   <li>global secondary index {@code active}: partition key {@code activePk} (S), sort key
 *       {@code jobId} (S), projection ALL. Sparse: it holds exactly the non-terminal jobs, which
 *       is what the status poller pages through.
 * </ul>
 */
final class DynamoDbTable {
    /** The sparse index of non-terminal jobs. */
    static final String ACTIVE_INDEX = "active";

    private final DynamoDbClient client;
    private final String name;

    DynamoDbTable(DynamoDbClient client, String name) {
        this.client = Objects.requireNonNull(client, "client");
        this.name = Objects.requireNonNull(name, "name");
    }

    String name() {
        return name;
    }

    /**
     * Runs one call within the deadline. A failed condition goes through to the caller, which
     * expects it; any other SDK failure (after the SDK's own retries), and a deadline too close to
     * start the call, become a {@link StoreUnavailableException} naming the operation and the table.
     */
    <T> T call(String operation, Deadline deadline,
            BiFunction<DynamoDbClient, AwsRequestOverrideConfiguration, T> action) {
        AwsRequestOverrideConfiguration limits = AwsCalls.limits(deadline).orElseThrow(() ->
                new StoreUnavailableException("no time left for DynamoDB " + operation + " on table " + name));
        try {
            return action.apply(client, limits);
        } catch (ConditionalCheckFailedException e) {
            throw e;
        } catch (SdkException e) {
            throw new StoreUnavailableException(
                    "DynamoDB " + operation + " on table " + name + " failed: " + e.getClass().getSimpleName(), e);
        }
    }

    /** The item under {@code key}, read strongly consistently. */
    Optional<Map<String, AttributeValue>> getItem(Map<String, AttributeValue> key, Deadline deadline) {
        var response = call("GetItem", deadline, (c, limits) -> c.getItem(b -> b.tableName(name).key(key)
                .consistentRead(true).overrideConfiguration(limits)));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(response.item()) : Optional.empty();
    }

    @Override
    public String toString() {
        return "DynamoDbTable[" + name + "]";
    }
}
