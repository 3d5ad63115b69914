package dev.hfjobs.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.localinvoke.Overrides;
import dev.hfjobs.localinvoke.SamTemplate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Creates on an AWS endpoint (moto_server) what a SAM template declares for the functions to use:
 * its DynamoDB tables (keys, GSIs, TTL, billing), SQS queues (attributes, redrive policy pointing at
 * the dead-letter queue created first), EventBridge buses, log groups and Step Functions state machines
 * (definition substitutions put in; on moto, {@link MotoApi#enableStepFunctions} first), named by a
 * {@link ResourceNames}. A resource whose {@code Condition} is false with the template's parameters (their
 * defaults, or values given with {@link #withParameters}) is left out. One instance per template and
 * parameters; {@link #create} may be called many times, from many threads, each with its own naming (one
 * stack per test).
 *
 * <pre>{@code
 * TemplateResources resources = new TemplateResources(SamTemplate.load(ProjectFiles.template()),
 *         StackClients.forEndpoint(moto.endpoint()));
 * CreatedStack stack = resources.create(ResourceNames.unique("t"));
 * String secretId = resources.createTokenSecret(names, "hf_test_alice");
 * stack.environment();   // JOBS_TABLE_NAME, EVENT_BUS_NAME, SUBMIT_DLQ_URL, JOB_LOG_GROUP
 * }</pre>
 */
public final class TemplateResources {

    /** The template parameter that names the token secret, which the stack uses but never creates. */
    public static final String TOKEN_SECRET_PARAMETER = "HfTokenSecretId";

    private final SamTemplate template;
    private final StackClients aws;
    private final Map<String, String> parameters;
    private final Optional<Set<String>> types;
    private final List<Planned> plan;

    /** One resource to create: what it is, its properties as written, what it must come after. */
    private record Planned(String logicalId, Creator creator, JsonNode properties, Set<String> after) {
    }

    /**
     * With the template's parameter defaults.
     *
     * @throws DevStackException when a resource of a supported type has a property this class neither
     *     applies nor knowingly skips, a condition cannot be evaluated locally, or resources depend on each
     *     other in a cycle
     */
    public TemplateResources(SamTemplate template, StackClients aws) {
        this(template, aws, Map.of(), Optional.empty());
    }

    private TemplateResources(SamTemplate template, StackClients aws, Map<String, String> parameters,
            Optional<Set<String>> types) {
        this.template = template;
        this.aws = aws;
        this.parameters = Map.copyOf(parameters);
        this.types = types;
        List<Planned> all = order(planned(template, List.of(new TableCreator(aws.dynamoDb()),
                new QueueCreator(aws.sqs(), aws.region()), new EventBusCreator(aws.eventBridge()),
                new LogGroupCreator(aws.logs(), aws.region()), new StateMachineCreator(aws.stepFunctions())),
                conditionOverrides(this.parameters, aws)));
        this.plan = types.map(kept -> kept(all, kept)).orElse(all);
    }

    /**
     * The same with these template parameter values (over the defaults): {@code Ref}s to them, and the
     * conditions that decide which resources exist, e.g. {@code ExamplePipeline=train-evaluate} for the
     * example state machine.
     *
     * @throws DevStackException when a condition cannot be evaluated locally with these values
     */
    public TemplateResources withParameters(Map<String, String> values) {
        return new TemplateResources(template, aws, values, types);
    }

    /**
     * The same, creating only resources of these CloudFormation types: on moto a stack of the project's
     * template takes about 100 ms with its five log groups and 40 ms without, which adds up when every
     * test makes one.
     *
     * @throws DevStackException when a kept resource refers to one left out
     */
    public TemplateResources only(Set<String> types) {
        Set<String> narrowed = new HashSet<>(types);
        this.types.ifPresent(narrowed::retainAll);
        return new TemplateResources(template, aws, parameters, Optional.of(Set.copyOf(narrowed)));
    }

    private static List<Planned> kept(List<Planned> plan, Set<String> types) {
        List<Planned> kept = plan.stream().filter(p -> types.contains(p.creator().type())).toList();
        Set<String> dropped = new HashSet<>();
        plan.forEach(p -> dropped.add(p.logicalId()));
        kept.forEach(p -> dropped.remove(p.logicalId()));
        kept.forEach(p -> p.after().stream().filter(dropped::contains).findFirst().ifPresent(missing -> {
            throw new DevStackException(p.logicalId() + " refers to " + missing + ", which " + types + " leaves out");
        }));
        return kept;
    }

    /** The logical ids it creates, in creation order (a queue after its dead-letter queue). */
    public List<String> logicalIds() {
        return plan.stream().map(Planned::logicalId).toList();
    }

    /**
     * Creates every resource; tables are ACTIVE when it returns.
     *
     * @throws DevStackException when a property cannot be resolved locally
     * @throws software.amazon.awssdk.core.exception.SdkException when the endpoint refuses a call (e.g. a
     *     name already taken: use a fresh naming per stack)
     */
    public CreatedStack create(ResourceNames names) {
        Map<String, CreatedStack.Resource> created = new LinkedHashMap<>();
        Values values = new Values(template, aws.region().id(), Optional.empty(), created, parameters);
        for (Planned resource : plan) {
            JsonNode properties = values.resolve(applied(resource), resource.logicalId());
            created.put(resource.logicalId(), resource.creator().create(resource.logicalId(),
                    names.physicalName(resource.logicalId()), properties));
        }
        Map<String, String> environment = new LinkedHashMap<>();
        template.environmentReferences().forEach((variable, target) -> {
            if (created.containsKey(target)) {
                environment.put(variable, created.get(target).ref());
            }
        });
        return new CreatedStack(created, environment);
    }

    /**
     * Creates the token secret the template names with {@value #TOKEN_SECRET_PARAMETER} but never
     * creates, holding {@code token}.
     *
     * @return its name, for {@code HF_TOKEN_SECRET_ID}
     */
    public String createTokenSecret(ResourceNames names, String token) {
        String name = names.physicalName(TOKEN_SECRET_PARAMETER);
        aws.secretsManager().createSecret(b -> b.name(name).secretString(token));
        return name;
    }

    private static Overrides conditionOverrides(Map<String, String> parameters, StackClients aws) {
        return Overrides.none().withParameters(parameters).withRegion(aws.region().id());
    }

    private static List<Planned> planned(SamTemplate template, List<Creator> creators, Overrides parameters) {
        List<Planned> planned = new ArrayList<>();
        for (Creator creator : creators) {
            template.resources(creator.type()).forEach((id, resource) -> {
                JsonNode properties = resource.path("Properties");
                checkKnown(id, creator, properties);
                if (!exists(template, id, resource, parameters)) {
                    return;
                }
                Set<String> after = new LinkedHashSet<>(Values.references(applied(creator, properties)));
                resource.path("DependsOn").forEach(dependency -> after.add(dependency.asText()));
                if (resource.path("DependsOn").isTextual()) {
                    after.add(resource.path("DependsOn").asText());
                }
                planned.add(new Planned(id, creator, properties, after));
            });
        }
        return planned;
    }

    /** Whether its {@code Condition}, if any, is true. */
    private static boolean exists(SamTemplate template, String id, JsonNode resource, Overrides parameters) {
        if (!resource.path("Condition").isTextual()) {
            return true;
        }
        String condition = resource.path("Condition").textValue();
        return template.condition(condition, parameters).orElseThrow(() -> new DevStackException(id
                + ": its condition " + condition + " cannot be evaluated locally with parameters "
                + parameters.parameters() + " (a parameter without a value, or an intrinsic not resolved locally)"));
    }

    private static void checkKnown(String id, Creator creator, JsonNode properties) {
        Set<String> unknown = new TreeSet<>();
        properties.fieldNames().forEachRemaining(unknown::add);
        unknown.removeAll(creator.applied());
        unknown.removeAll(creator.skipped());
        if (!unknown.isEmpty()) {
            throw new DevStackException(id + " (" + creator.type() + ") has properties dev-stack does not create: "
                    + unknown + "; apply or skip them in " + creator.getClass().getSimpleName());
        }
    }

    private static JsonNode applied(Planned resource) {
        return applied(resource.creator(), resource.properties());
    }

    private static JsonNode applied(Creator creator, JsonNode properties) {
        ObjectNode applied = JsonNodeFactory.instance.objectNode();
        properties.properties().forEach(p -> {
            if (creator.applied().contains(p.getKey())) {
                applied.set(p.getKey(), p.getValue());
            }
        });
        return applied;
    }

    /**
     * Tables, queues, buses, log groups, state machines, each in template order; but a resource after those it
     * refers to.
     */
    private static List<Planned> order(List<Planned> planned) {
        Set<String> ids = new HashSet<>();
        planned.forEach(p -> ids.add(p.logicalId()));
        List<Planned> ordered = new ArrayList<>();
        Set<String> done = new HashSet<>();
        while (ordered.size() < planned.size()) {
            Optional<Planned> next = planned.stream().filter(p -> !done.contains(p.logicalId()))
                    .filter(p -> p.after().stream().filter(ids::contains).allMatch(done::contains)).findFirst();
            if (next.isEmpty()) {
                throw new DevStackException("these resources refer to each other in a cycle: " + planned.stream()
                        .map(Planned::logicalId).filter(id -> !done.contains(id)).toList());
            }
            ordered.add(next.get());
            done.add(next.get().logicalId());
        }
        return List.copyOf(ordered);
    }
}
