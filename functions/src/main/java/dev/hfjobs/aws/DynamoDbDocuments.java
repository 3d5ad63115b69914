package dev.hfjobs.aws;

import dev.hfjobs.Deadline;
import dev.hfjobs.store.Document;
import dev.hfjobs.store.Documents;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@link Documents} on the jobs table: items {@code pk = "doc#" + name} with {@code json} and {@code updatedAt}. */
public final class DynamoDbDocuments implements Documents {
    private final DynamoDbTable table;

    public DynamoDbDocuments(DynamoDbClient client, String tableName) {
        this.table = new DynamoDbTable(client, tableName);
    }

    @Override
    public Optional<Document> find(String name, Deadline deadline) {
        return table.getItem(Map.of(Items.PK, Items.s("doc#" + name)), deadline).map(item -> new Document(name,
                item.get("json").s(), Instant.parse(item.get("updatedAt").s())));
    }

    @Override
    public void put(Document document, Deadline deadline) {
        table.call("PutItem", deadline, (c, limits) -> c.putItem(b -> b.tableName(table.name()).item(Map.of(
                Items.PK, Items.s("doc#" + document.name()),
                "kind", Items.s("document"),
                "json", Items.s(document.json()),
                "updatedAt", Items.s(document.updatedAt().toString())))
                .overrideConfiguration(limits)));
    }

    @Override
    public String toString() {
        return "DynamoDbDocuments[" + table.name() + "]";
    }
}
