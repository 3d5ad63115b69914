package dev.hfjobs.robust;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.api.ApiFunction;
import dev.hfjobs.emulator.HfJobsEmulator;
import dev.hfjobs.emulator.RecordedRequest;
import dev.hfjobs.model.Wire;
import dev.hfjobs.outbox.EventOutboxFunction;
import dev.hfjobs.queue.QueueSubmitFunction;
import dev.hfjobs.testing.TestContext;
import dev.hfjobs.testing.TestStack;
import dev.hfjobs.wiring.Wiring;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/** What the robustness suites share: handlers over a stack, event builders, leak scans. */
final class Robust {
    private Robust() {}

    static ApiFunction api(Supplier<Wiring> wiring) {
        return construct(ApiFunction.class, wiring);
    }

    static QueueSubmitFunction queue(Supplier<Wiring> wiring) {
        return construct(QueueSubmitFunction.class, wiring);
    }

    static EventOutboxFunction outbox(Supplier<Wiring> wiring) {
        return construct(EventOutboxFunction.class, wiring);
    }

    // The handlers' test constructors are package-private; the suites live in their own package.
    private static <T> T construct(Class<T> type, Supplier<Wiring> wiring) {
        try {
            Constructor<T> constructor = type.getDeclaredConstructor(Supplier.class);
            constructor.setAccessible(true);
            return constructor.newInstance(wiring);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no test constructor (Supplier<Wiring>) on " + type, e);
        }
    }

    /** Invokes a stream handler with raw bytes; the answer text (what Lambda would return). */
    static String invoke(RequestStreamHandler handler, byte[] event, int seconds) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(event), out, TestContext.seconds(seconds));
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String invoke(RequestStreamHandler handler, String event, int seconds) {
        return invoke(handler, event.getBytes(StandardCharsets.UTF_8), seconds);
    }

    /** A payload 2.0 HTTP API event, as API Gateway sends it (IAM caller). */
    static ObjectNode http(String method, String path, String rawQuery, String body, Map<String, String> headers) {
        ObjectNode event = Wire.mapper().createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", "ANY /{proxy+}");
        event.put("rawPath", path);
        event.put("rawQueryString", rawQuery);
        ObjectNode h = event.putObject("headers");
        h.put("content-type", "application/json");
        headers.forEach(h::put);
        ObjectNode context = event.putObject("requestContext");
        context.put("requestId", "robust-" + System.nanoTime());
        context.put("stage", "$default");
        context.putObject("http").put("method", method).put("path", path);
        context.putObject("authorizer").putObject("iam")
                .put("userArn", "arn:aws:sts::123456789012:assumed-role/robust/session");
        if (body != null) {
            event.put("body", body);
        }
        event.put("isBase64Encoded", false);
        return event;
    }

    /** An SQS record as the event source mapping sends it. */
    static ObjectNode record(String messageId, String body, String keyAttribute) {
        ObjectNode record = Wire.mapper().createObjectNode();
        record.put("messageId", messageId);
        record.put("receiptHandle", "rh-" + messageId);
        if (body != null) {
            record.put("body", body);
        }
        record.putObject("attributes").put("ApproximateReceiveCount", "1").put("SenderId", "AROAROBUST:pipeline");
        ObjectNode attributes = record.putObject("messageAttributes");
        if (keyAttribute != null) {
            attributes.putObject("idempotencyKey").put("stringValue", keyAttribute).put("dataType", "String");
        }
        record.put("eventSource", "aws:sqs");
        record.put("eventSourceARN", "arn:aws:sqs:us-east-1:123456789012:hf-jobs-submit");
        return record;
    }

    static ObjectNode batch(List<ObjectNode> records) {
        ObjectNode event = Wire.mapper().createObjectNode();
        ArrayNode array = event.putArray("Records");
        records.forEach(array::add);
        return event;
    }

    /** The ids a partial batch response reports as failed. */
    static List<String> failedIds(String response) {
        List<String> ids = new ArrayList<>();
        Wire.parse(response).path("batchItemFailures").forEach(f -> ids.add(f.path("itemIdentifier").asText()));
        return ids;
    }

    static long posts(HfJobsEmulator hub) {
        return hub.requests().stream().filter(r -> r.method().equals("POST")).count();
    }

    static List<RecordedRequest> writes(HfJobsEmulator hub) {
        return hub.requests().stream().filter(r -> !r.method().equals("GET")).toList();
    }

    /** Every item of the stack's table, as text, recorded for the leak scan; returns the count. */
    static int scanTable(TestStack stack) {
        int items = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            // Pages of 200: one Scan of a few thousand items can take moto longer than a call may.
            ScanResponse page = stack.moto.aws().dynamoDb().scan(b -> b.tableName(stack.table).limit(200)
                    .exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : page.items()) {
                stack.saw("ITEM " + item);
                items++;
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    /** Text that must never be in an answer: a stack trace, an exception name, a secret. */
    static void assertClean(String text) {
        assertThat(text).doesNotContain("Exception").doesNotContain("at dev.hfjobs").doesNotContain("\tat ")
                .doesNotContain(TestStack.TOKEN);
        TestStack.JOB_SECRET_VALUES.forEach(v -> assertThat(text).doesNotContain(v));
    }

    static JsonNode parse(String text) {
        return Wire.parse(text);
    }
}
