package dev.hfjobs.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeServiceClientConfiguration;
import software.amazon.awssdk.services.eventbridge.model.CreateEventBusRequest;
import software.amazon.awssdk.services.eventbridge.model.CreateEventBusResponse;
import software.amazon.awssdk.services.eventbridge.model.DescribeEventBusRequest;
import software.amazon.awssdk.services.eventbridge.model.DescribeEventBusResponse;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.InternalException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;
import software.amazon.awssdk.services.eventbridge.model.PutRuleRequest;
import software.amazon.awssdk.services.eventbridge.model.PutRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.PutTargetsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutTargetsResponse;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;

/**
 * The EventBridge client the functions use: {@code PutEvents} through {@link JsonService}; creating
 * buses, rules and targets (tests, local tools) through an SDK client built only then. Any other
 * operation is refused, as no function makes it.
 */
final class JsonEventBridge implements EventBridgeClient {
    static final JsonService.Protocol PROTOCOL =
            new JsonService.Protocol("events", "EventBridge", "AWSEvents", "1.1", "EVENTBRIDGE");

    private final JsonService service;
    private final Supplier<EventBridgeClient> sdk;

    JsonEventBridge(JsonService service, Supplier<EventBridgeClient> sdk) {
        this.service = service;
        this.sdk = sdk;
    }

    /** The service exceptions the functions tell apart; the rest are {@link EventBridgeException}s with their code. */
    static AwsServiceException exception(String code, JsonNode body) {
        return switch (code) {
            case "ResourceNotFoundException" -> ResourceNotFoundException.builder().build();
            case "InternalException" -> InternalException.builder().build();
            default -> EventBridgeException.builder().build();
        };
    }

    @Override
    public PutEventsResponse putEvents(PutEventsRequest r) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode entries = body.putArray("Entries");
        r.entries().forEach(e -> entries.add(entry(e)));
        if (r.endpointId() != null) {
            body.put("EndpointId", r.endpointId());
        }
        return service.call(r, "PutEvents", body, a -> {
            List<PutEventsResultEntry> results = new ArrayList<>();
            a.path("Entries").forEach(e -> results.add(PutEventsResultEntry.builder()
                    .eventId(text(e, "EventId")).errorCode(text(e, "ErrorCode")).errorMessage(text(e, "ErrorMessage"))
                    .build()));
            return PutEventsResponse.builder().failedEntryCount(a.path("FailedEntryCount").asInt(0))
                    .entries(results).build();
        });
    }

    private static ObjectNode entry(PutEventsRequestEntry e) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        if (e.time() != null) {
            // The JSON protocol's timestamps: epoch seconds, fraction in milliseconds.
            node.put("Time", BigDecimal.valueOf(e.time().toEpochMilli()).movePointLeft(3));
        }
        put(node, "Source", e.source());
        if (e.hasResources()) {
            ArrayNode resources = node.putArray("Resources");
            e.resources().forEach(resources::add);
        }
        put(node, "DetailType", e.detailType());
        put(node, "Detail", e.detail());
        put(node, "EventBusName", e.eventBusName());
        put(node, "TraceHeader", e.traceHeader());
        return node;
    }

    private static void put(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static String text(JsonNode node, String field) {
        return node.path(field).isTextual() ? node.path(field).textValue() : null;
    }

    // Buses, rules and targets: tests and local tools only, through the SDK's client.

    @Override
    public CreateEventBusResponse createEventBus(CreateEventBusRequest r) {
        return sdk.get().createEventBus(r);
    }

    @Override
    public DescribeEventBusResponse describeEventBus(DescribeEventBusRequest r) {
        return sdk.get().describeEventBus(r);
    }

    @Override
    public PutRuleResponse putRule(PutRuleRequest r) {
        return sdk.get().putRule(r);
    }

    @Override
    public PutTargetsResponse putTargets(PutTargetsRequest r) {
        return sdk.get().putTargets(r);
    }

    @Override
    public EventBridgeServiceClientConfiguration serviceClientConfiguration() {
        return sdk.get().serviceClientConfiguration();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
        // Nothing of its own to close: see JsonDynamoDb#close.
    }
}
