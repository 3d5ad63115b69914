package dev.hfjobs.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.model.Wire;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Sits on every EventBridge client the tests build ({@link MotoServer#clients}) and, after each
 * successful {@code PutEvents}, records the entries EventBridge accepted (those its answer gives an
 * event id, not an error code) in the {@link EventCapture} of their bus. Entries to a bus nobody
 * captures are ignored. What is recorded is what a rule on the bus would have delivered.
 */
final class EventRecorder implements ExecutionInterceptor {
    private final Map<String, EventCapture> captures = new ConcurrentHashMap<>();

    EventCapture capture(String busName) {
        return captures.computeIfAbsent(busName, EventCapture::new);
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (!(context.request() instanceof PutEventsRequest request)
                || !(context.response() instanceof PutEventsResponse response)) {
            return;
        }
        List<PutEventsRequestEntry> entries = request.entries();
        List<PutEventsResultEntry> results = response.entries();
        for (int i = 0; i < entries.size() && i < results.size(); i++) {
            PutEventsRequestEntry entry = entries.get(i);
            EventCapture capture = captures.get(entry.eventBusName());
            if (capture != null && results.get(i).errorCode() == null) {
                capture.accepted(envelope(entry, results.get(i).eventId()));
            }
        }
    }

    /** The event as EventBridge hands it to a target. */
    private static JsonNode envelope(PutEventsRequestEntry entry, String eventId) {
        ObjectNode event = Wire.mapper().createObjectNode();
        event.put("version", "0");
        event.put("id", eventId);
        event.put("detail-type", entry.detailType());
        event.put("source", entry.source());
        event.put("account", MotoServer.ACCOUNT);
        event.put("time", (entry.time() == null ? Instant.now() : entry.time()).toString());
        event.put("region", MotoServer.REGION.id());
        event.putArray("resources");
        event.set("detail", Wire.parse(entry.detail()));
        return event;
    }
}
