package dev.hfjobs.devstack;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link TemplateResources#create} made.
 *
 * @param resources   every created resource by logical id, in the order they were created
 * @param environment the functions' variables that the template binds to them with {@code !Ref}, with
 *                    CloudFormation's Ref value: {@code JOBS_TABLE_NAME}, {@code EVENT_BUS_NAME},
 *                    {@code SUBMIT_DLQ_URL} (a queue's Ref is its URL), {@code JOB_LOG_GROUP}
 */
public record CreatedStack(Map<String, Resource> resources, Map<String, String> environment) {

    public CreatedStack {
        resources = Collections.unmodifiableMap(new LinkedHashMap<>(resources));
        environment = Map.copyOf(environment);
    }

    /** One created resource; the types dev-stack creates. */
    public sealed interface Resource permits Table, Queue, EventBus, LogGroup, StateMachine {

        String logicalId();

        /** The physical name the naming gave it (a FIFO queue's ends in {@code .fifo}). */
        String name();

        String arn();

        /** What CloudFormation's {@code Ref} gives: a queue's URL, a state machine's ARN, the others' name. */
        String ref();

        /** What CloudFormation's {@code Fn::GetAtt} gives for {@code attribute}, when known locally. */
        default Optional<String> attribute(String attribute) {
            return attribute.equals("Arn") ? Optional.of(arn()) : Optional.empty();
        }
    }

    /**
     * An {@code AWS::DynamoDB::Table}, ACTIVE.
     *
     * @param streamArn its latest stream ({@code StreamSpecification}), or null without one
     */
    public record Table(String logicalId, String name, String arn, String streamArn) implements Resource {
        @Override
        public String ref() {
            return name;
        }

        @Override
        public Optional<String> attribute(String attribute) {
            return attribute.equals("StreamArn") ? Optional.ofNullable(streamArn) : Resource.super.attribute(attribute);
        }
    }

    /** An {@code AWS::SQS::Queue}. */
    public record Queue(String logicalId, String name, String url, String arn) implements Resource {
        @Override
        public String ref() {
            return url;
        }

        @Override
        public Optional<String> attribute(String attribute) {
            return switch (attribute) {
                case "QueueName" -> Optional.of(name);
                case "QueueUrl" -> Optional.of(url);
                default -> Resource.super.attribute(attribute);
            };
        }
    }

    /** An {@code AWS::Events::EventBus}. */
    public record EventBus(String logicalId, String name, String arn) implements Resource {
        @Override
        public String ref() {
            return name;
        }

        @Override
        public Optional<String> attribute(String attribute) {
            return attribute.equals("Name") ? Optional.of(name) : Resource.super.attribute(attribute);
        }
    }

    /** An {@code AWS::Logs::LogGroup}. */
    public record LogGroup(String logicalId, String name, String arn) implements Resource {
        @Override
        public String ref() {
            return name;
        }
    }

    /** An {@code AWS::StepFunctions::StateMachine}. */
    public record StateMachine(String logicalId, String name, String arn) implements Resource {
        @Override
        public String ref() {
            return arn;
        }

        @Override
        public Optional<String> attribute(String attribute) {
            return attribute.equals("Name") ? Optional.of(name) : Resource.super.attribute(attribute);
        }
    }

    /** @throws DevStackException when there is no such resource or it is not of this type */
    public Table table(String logicalId) {
        return resource(logicalId, Table.class);
    }

    public Queue queue(String logicalId) {
        return resource(logicalId, Queue.class);
    }

    public EventBus eventBus(String logicalId) {
        return resource(logicalId, EventBus.class);
    }

    public LogGroup logGroup(String logicalId) {
        return resource(logicalId, LogGroup.class);
    }

    public StateMachine stateMachine(String logicalId) {
        return resource(logicalId, StateMachine.class);
    }

    private <T extends Resource> T resource(String logicalId, Class<T> type) {
        Resource resource = resources.get(logicalId);
        if (!type.isInstance(resource)) {
            throw new DevStackException("no " + type.getSimpleName() + " " + logicalId + " was created; created: "
                    + resources.keySet());
        }
        return type.cast(resource);
    }
}
