package dev.hfjobs.aws;

import dev.hfjobs.Deadline;
import dev.hfjobs.store.ClaimLostException;
import dev.hfjobs.store.ClaimOutcome;
import dev.hfjobs.store.ClaimStatus;
import dev.hfjobs.store.Claims;
import dev.hfjobs.store.IdempotencyClaim;
import dev.hfjobs.store.StoreUnavailableException;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * {@link Claims} on the jobs table: items {@code pk = "idem#" + key}, {@code kind = "claim"},
 * attributes {@code key, requestHash, trackingId, status (IN_PROGRESS|DONE), jobId?, namespace?,
 * createdAt, leaseUntil} (instants as ISO-8601 S) and {@code expiresAt}. Every change is a
 * conditional write, so two requests never both hold a key.
 */
public final class DynamoDbClaims implements Claims {
    private static final int CLAIM_ROUNDS = 3;

    private final DynamoDbTable table;

    public DynamoDbClaims(DynamoDbClient client, String tableName) {
        this.table = new DynamoDbTable(client, tableName);
    }

    @Override
    public ClaimOutcome claim(IdempotencyClaim fresh, Instant now, Deadline deadline) {
        if (fresh.status() != ClaimStatus.IN_PROGRESS) {
            throw new IllegalArgumentException("a fresh claim must be IN_PROGRESS");
        }
        for (int round = 0; round < CLAIM_ROUNDS; round++) {
            Optional<IdempotencyClaim> existing;
            try {
                create(fresh, deadline);
                return new ClaimOutcome.Claimed(fresh);
            } catch (ConditionalCheckFailedException e) {
                existing = current(e, fresh.key(), deadline);
            }
            if (existing.isPresent() && existing.get().trackingId().equals(fresh.trackingId())) {
                // Our own write, whose answer an attempt lost (the SDK retried it): ours already.
                return new ClaimOutcome.Claimed(existing.get());
            }
            if (existing.isPresent() && !existing.get().leaseExpiredAt(now)) {
                return new ClaimOutcome.Held(existing.get());
            }
            Optional<ClaimOutcome> outcome = existing.flatMap(stale -> takeOver(stale, fresh, deadline));
            if (outcome.isPresent()) {
                return outcome.get();
            }
            // The claim vanished between two calls (released or expired): try to create it again.
        }
        throw new StoreUnavailableException("the claim on key " + fresh.key() + " in table " + table.name()
                + " kept changing");
    }

    private void create(IdempotencyClaim fresh, Deadline deadline) {
        table.call("PutItem", deadline, (c, limits) -> c.putItem(b -> b.tableName(table.name())
                .item(Items.toItem(fresh))
                .conditionExpression("attribute_not_exists(pk)")
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .overrideConfiguration(limits)));
    }

    /**
     * Takes over {@code stale} if its lease is still the one read: {@code TakenOver}, or
     * {@code Held} by whoever won the race. Empty when the claim is gone by now.
     */
    private Optional<ClaimOutcome> takeOver(IdempotencyClaim stale, IdempotencyClaim fresh, Deadline deadline) {
        try {
            var response = table.call("UpdateItem", deadline, (c, limits) -> c.updateItem(b -> b
                    .tableName(table.name())
                    .key(Items.claimKey(stale.key()))
                    .updateExpression("SET leaseUntil = :newLease, expiresAt = :expiresAt")
                    .conditionExpression("#status = :inProgress AND leaseUntil = :oldLease")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(
                            ":newLease", Items.s(fresh.leaseUntil()),
                            ":expiresAt", Items.epochSeconds(fresh.expiresAt()),
                            ":inProgress", Items.s(ClaimStatus.IN_PROGRESS.name()),
                            ":oldLease", Items.s(stale.leaseUntil())))
                    .returnValues(ReturnValue.ALL_NEW)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .overrideConfiguration(limits)));
            return Optional.of(new ClaimOutcome.TakenOver(Items.toClaim(response.attributes())));
        } catch (ConditionalCheckFailedException e) {
            return current(e, stale.key(), deadline).map(ClaimOutcome.Held::new);
        }
    }

    /**
     * The claim a failed condition met: the item DynamoDB returned with the failure (what the
     * condition was evaluated against), else a strongly consistent read; empty when it is gone.
     */
    private Optional<IdempotencyClaim> current(ConditionalCheckFailedException e, String key, Deadline deadline) {
        return e.hasItem() && !e.item().isEmpty() ? Optional.of(Items.toClaim(e.item())) : find(key, deadline);
    }

    @Override
    public void complete(String key, String trackingId, String jobId, String namespace, Instant expiresAt,
            Deadline deadline) {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(namespace, "namespace");
        try {
            table.call("UpdateItem", deadline, (c, limits) -> c.updateItem(b -> b.tableName(table.name())
                    .key(Items.claimKey(key))
                    .updateExpression("SET #status = :done, jobId = :jobId, #namespace = :namespace, "
                            + "expiresAt = :expiresAt")
                    .conditionExpression("trackingId = :trackingId")
                    .expressionAttributeNames(Map.of("#status", "status", "#namespace", "namespace"))
                    .expressionAttributeValues(Map.of(
                            ":done", Items.s(ClaimStatus.DONE.name()),
                            ":jobId", Items.s(jobId),
                            ":namespace", Items.s(namespace),
                            ":expiresAt", Items.epochSeconds(expiresAt),
                            ":trackingId", Items.s(trackingId)))
                    .overrideConfiguration(limits)));
        } catch (ConditionalCheckFailedException e) {
            throw new ClaimLostException(
                    "the claim on key " + key + " is no longer held by tracking id " + trackingId);
        }
    }

    @Override
    public void release(String key, String trackingId, Deadline deadline) {
        try {
            table.call("DeleteItem", deadline, (c, limits) -> c.deleteItem(b -> b.tableName(table.name())
                    .key(Items.claimKey(key))
                    .conditionExpression("#status = :inProgress AND trackingId = :trackingId")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(
                            ":inProgress", Items.s(ClaimStatus.IN_PROGRESS.name()),
                            ":trackingId", Items.s(trackingId)))
                    .overrideConfiguration(limits)));
        } catch (ConditionalCheckFailedException e) {
            // Already gone, done, or someone else's: nothing of ours to release.
        }
    }

    @Override
    public Optional<IdempotencyClaim> find(String key, Deadline deadline) {
        return table.getItem(Items.claimKey(key), deadline).map(Items::toClaim);
    }

    @Override
    public boolean extendLease(String key, String trackingId, Instant leaseUntil, Deadline deadline) {
        try {
            table.call("UpdateItem", deadline, (c, limits) -> c.updateItem(b -> b.tableName(table.name())
                    .key(Items.claimKey(key))
                    .updateExpression("SET leaseUntil = :leaseUntil")
                    .conditionExpression("#status = :inProgress AND trackingId = :trackingId")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(
                            ":leaseUntil", Items.s(leaseUntil),
                            ":inProgress", Items.s(ClaimStatus.IN_PROGRESS.name()),
                            ":trackingId", Items.s(trackingId)))
                    .overrideConfiguration(limits)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "DynamoDbClaims[" + table.name() + "]";
    }
}
