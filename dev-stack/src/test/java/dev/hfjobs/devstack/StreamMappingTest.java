package dev.hfjobs.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.localinvoke.SamTemplate;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** The jobs table's stream on moto, read and handed over as Lambda's event source mapping does. */
class StreamMappingTest {
    private String table;
    private TableStream stream;

    @BeforeEach
    void createStack() {
        CreatedStack created = new TemplateResources(SamTemplate.load(ProjectFiles.template()), TestMoto.aws())
                .only(Set.of("AWS::DynamoDB::Table")).create(ResourceNames.unique("stream"));
        table = created.table("JobsTable").name();
        DynamoDbStreamsClient client = DynamoDbStreamsClient.builder().endpointOverride(TestMoto.get().endpoint())
                .region(StackClients.REGION).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t"))).build();
        stream = new TableStream(client, created.table("JobsTable").streamArn());
    }

    private void put(String id, boolean withOutbox) {
        Map<String, AttributeValue> item = new HashMap<>(Map.of("pk", AttributeValue.fromS("job#" + id),
                "version", AttributeValue.fromN("0"), "labels", AttributeValue.fromM(Map.of("a", AttributeValue.fromS("b"))),
                "flags", AttributeValue.fromL(List.of(AttributeValue.fromBool(true), AttributeValue.fromNul(true))),
                "blob", AttributeValue.fromB(SdkBytes.fromUtf8String("hi")), "tags", AttributeValue.fromSs(List.of("x"))));
        if (withOutbox) {
            item.put("outbox", AttributeValue.fromM(Map.of("eventId", AttributeValue.fromS(id + ":SUBMITTED"))));
        }
        TestMoto.aws().dynamoDb().putItem(b -> b.tableName(table).item(item));
    }

    @Test
    void recordsAreLambdasShapeInOrderAndOnlyNewOnesAreReadAgain() {
        put("a", true);
        put("b", false);

        List<ObjectNode> all = stream.read(r -> true, 100);

        assertThat(all).hasSize(2);
        JsonNode first = all.getFirst();
        assertThat(first.path("eventName").asText()).isEqualTo("INSERT");
        assertThat(first.path("eventSource").asText()).isEqualTo("aws:dynamodb");
        assertThat(first.path("eventSourceARN").asText()).isEqualTo(stream.streamArn());
        assertThat(first.at("/dynamodb/Keys/pk/S").asText()).isEqualTo("job#a");
        assertThat(first.at("/dynamodb/NewImage/version/N").asText()).isEqualTo("0");
        assertThat(first.at("/dynamodb/NewImage/labels/M/a/S").asText()).isEqualTo("b");
        assertThat(first.at("/dynamodb/NewImage/flags/L/0/BOOL").asBoolean()).isTrue();
        assertThat(first.at("/dynamodb/NewImage/flags/L/1/NULL").asBoolean()).isTrue();
        assertThat(first.at("/dynamodb/NewImage/blob/B").asText()).isEqualTo("aGk=");
        assertThat(first.at("/dynamodb/NewImage/tags/SS/0").asText()).isEqualTo("x");
        assertThat(first.at("/dynamodb/StreamViewType").asText()).isEqualTo("NEW_IMAGE");
        // Sequence numbers are decimal text longer than a long.
        assertThat(new BigInteger(all.get(1).at("/dynamodb/SequenceNumber").asText()))
                .isGreaterThan(new BigInteger(first.at("/dynamodb/SequenceNumber").asText()));
        assertThat(stream.read(r -> true, 100)).isEmpty();
        put("c", true);
        assertThat(stream.read(TableStream.OUTBOX_INSERTS, 100)).extracting(r -> r.at("/dynamodb/Keys/pk/S").asText())
                .containsExactly("job#c");
    }

    @Test
    void failedBatchIsRetriedFromItsFirstFailedRecordThenSetAsideAfterItsAttempts() {
        put("a", true);
        put("b", true);
        put("c", true);
        List<List<String>> batches = new ArrayList<>();
        StreamMapping mapping = new StreamMapping(stream, TableStream.OUTBOX_INSERTS, 100, 3, event -> {
            List<String> keys = new ArrayList<>();
            event.path("Records").forEach(r -> keys.add(r.at("/dynamodb/Keys/pk/S").asText()));
            batches.add(keys);
            Set<String> failed = new HashSet<>();
            event.path("Records").forEach(r -> {
                if (r.at("/dynamodb/Keys/pk/S").asText().equals("job#b")) {
                    failed.add(r.at("/dynamodb/SequenceNumber").asText());
                }
            });
            return failed;
        });

        assertThat(mapping.drain()).isEqualTo(1);
        assertThat(mapping.drain()).isEqualTo(1);
        assertThat(mapping.setAside()).isEmpty();
        assertThat(mapping.drain()).as("the last attempt, then nothing is left").isEqualTo(1);

        assertThat(batches).containsExactly(List.of("job#a", "job#b", "job#c"), List.of("job#b", "job#c"),
                List.of("job#b", "job#c"));
        assertThat(mapping.setAside()).extracting(r -> r.at("/dynamodb/Keys/pk/S").asText())
                .containsExactly("job#b", "job#c");
        put("d", true);
        assertThat(mapping.drain()).isEqualTo(1);
        assertThat(batches.getLast()).containsExactly("job#d");
    }
}
