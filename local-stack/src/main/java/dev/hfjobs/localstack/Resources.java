package dev.hfjobs.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hfjobs.aws.AwsClients;
import dev.hfjobs.localinvoke.Overrides;
import dev.hfjobs.localinvoke.SamTemplate;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates on moto what template.yaml declares (the table with its keys, index and TTL, the event
 * bus, the queues) plus the token secret the template only names, and a rule that copies every
 * {@code hf.jobs} event to a queue the story reads. Names are the ones env.json gives the functions.
 */
final class Resources {
    private final SamTemplate template;
    private final AwsClients aws;
    private final Map<String, String> queueUrls = new LinkedHashMap<>();
    private String timelineQueueUrl;

    Resources(SamTemplate template, AwsClients aws) {
        this.template = template;
        this.aws = aws;
    }

    /** Creates everything; returns env.json's overrides pointed at the local endpoints. */
    Overrides create(Overrides envJson, URI moto, URI hub, String token) {
        Map<String, String> env = new HashMap<>(envJson.globalEnv());
        String secret = env.getOrDefault("HF_TOKEN_SECRET_ID", template.parameterDefault("HfTokenSecretId").orElseThrow());
        aws.secretsManager().createSecret(b -> b.name(secret).secretString(token));
        template.resources("AWS::DynamoDB::Table").values().forEach(t -> table(env.get("JOBS_TABLE_NAME"), t));
        template.resources("AWS::Events::EventBus").keySet().forEach(id -> bus(env.get("EVENT_BUS_NAME")));
        template.resources("AWS::SQS::Queue").keySet().forEach(this::queue);
        System.out.println("created           secret " + secret + ", table " + env.get("JOBS_TABLE_NAME") + ", bus "
                + env.get("EVENT_BUS_NAME") + ", queues " + queueUrls.keySet());
        env.put("HF_ENDPOINT", hub.toString());
        env.put("AWS_ENDPOINT_URL", moto.toString());
        env.put("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false");
        Map<String, Map<String, String>> perFunction = new LinkedHashMap<>();
        envJson.functionEnv().forEach((id, vars) -> {
            Map<String, String> copy = new HashMap<>(vars);
            copy.computeIfPresent("SUBMIT_DLQ_URL", (k, v) -> queueUrls.get("SubmitDeadLetterQueue"));
            copy.computeIfPresent("AWS_ENDPOINT_URL", (k, v) -> moto.toString());
            copy.computeIfPresent("HF_ENDPOINT", (k, v) -> hub.toString());
            perFunction.put(id, copy);
        });
        return new Overrides(perFunction, env, envJson.parameters(), Map.of(), envJson.region());
    }

    /** Another table shaped like the template's (the benchmark's poller gets its own). */
    void table(String name) {
        template.resources("AWS::DynamoDB::Table").values().forEach(t -> table(name, t));
    }

    private void table(String name, JsonNode resource) {
        JsonNode p = resource.path("Properties");
        List<AttributeDefinition> attributes = new ArrayList<>();
        p.path("AttributeDefinitions").forEach(a -> attributes.add(AttributeDefinition.builder()
                .attributeName(a.path("AttributeName").asText()).attributeType(a.path("AttributeType").asText()).build()));
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        p.path("GlobalSecondaryIndexes").forEach(i -> indexes.add(GlobalSecondaryIndex.builder()
                .indexName(i.path("IndexName").asText()).keySchema(keys(i.path("KeySchema")))
                .projection(pr -> pr.projectionType(ProjectionType.fromValue(i.at("/Projection/ProjectionType").asText())))
                .build()));
        aws.dynamoDb().createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attributes).keySchema(keys(p.path("KeySchema")))
                .globalSecondaryIndexes(indexes.isEmpty() ? null : indexes));
        JsonNode ttl = p.path("TimeToLiveSpecification");
        if (ttl.path("Enabled").asBoolean(false)) {
            aws.dynamoDb().updateTimeToLive(b -> b.tableName(name).timeToLiveSpecification(s -> s.enabled(true)
                    .attributeName(ttl.path("AttributeName").asText())));
        }
    }

    private static List<KeySchemaElement> keys(JsonNode schema) {
        List<KeySchemaElement> keys = new ArrayList<>();
        schema.forEach(k -> keys.add(KeySchemaElement.builder().attributeName(k.path("AttributeName").asText())
                .keyType(k.path("KeyType").asText()).build()));
        return keys;
    }

    private void bus(String name) {
        aws.eventBridge().createEventBus(b -> b.name(name));
        timelineQueueUrl = aws.sqs().createQueue(b -> b.queueName("hf-jobs-story-timeline")).queueUrl();
        String arn = arn(timelineQueueUrl);
        aws.eventBridge().putRule(b -> b.name("hf-jobs-story-timeline").eventBusName(name)
                .eventPattern("{\"source\": [\"hf.jobs\"]}"));
        aws.eventBridge().putTargets(b -> b.rule("hf-jobs-story-timeline").eventBusName(name)
                .targets(t -> t.id("timeline").arn(arn)));
    }

    private void queue(String logicalId) {
        String name = "SubmitDeadLetterQueue".equals(logicalId) ? "hf-jobs-submit-dlq"
                : "hf-jobs-" + logicalId.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase().replace("-queue", "");
        queueUrls.put(logicalId, aws.sqs().createQueue(b -> b.queueName(name)).queueUrl());
    }

    private String arn(String queueUrl) {
        return aws.sqs().getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    String submitQueueUrl() {
        return queueUrls.get("SubmitQueue");
    }

    String submitQueueArn() {
        return arn(submitQueueUrl());
    }

    /**
     * Removes the story's timeline rule: moto delivers each event to its queue target synchronously
     * and one at a time (about 80 ms an event on a 2-core machine), which would be measured as the
     * functions' own time.
     */
    void dropTimelineRule(String bus) {
        aws.eventBridge().removeTargets(b -> b.rule("hf-jobs-story-timeline").eventBusName(bus).ids("timeline"));
        aws.eventBridge().deleteRule(b -> b.name("hf-jobs-story-timeline").eventBusName(bus));
    }

    String timelineQueueUrl() {
        return timelineQueueUrl;
    }
}
