package dev.hfjobs.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/** {@code AWS::Events::EventBus}. */
final class EventBusCreator implements Creator {

    static final String TYPE = "AWS::Events::EventBus";

    private final EventBridgeClient eventBridge;

    EventBusCreator(EventBridgeClient eventBridge) {
        this.eventBridge = eventBridge;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> applied() {
        return Set.of();
    }

    @Override
    public Set<String> skipped() {
        return Set.of("Name", "Description", "KmsKeyIdentifier", "DeadLetterConfig", "Policy", "Tags");
    }

    @Override
    public CreatedStack.Resource create(String logicalId, String name, JsonNode properties) {
        String arn = eventBridge.createEventBus(b -> b.name(name)).eventBusArn();
        return new CreatedStack.EventBus(logicalId, name, arn);
    }
}
