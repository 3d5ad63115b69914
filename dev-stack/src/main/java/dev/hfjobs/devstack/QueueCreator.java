package dev.hfjobs.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code AWS::SQS::Queue}: its attributes as the template sets them, {@code RedrivePolicy} and
 * {@code RedriveAllowPolicy} as JSON (their ARNs already resolved to the queues created before).
 */
final class QueueCreator implements Creator {

    static final String TYPE = "AWS::SQS::Queue";
    /** CloudFormation property names that are SQS attribute names as they are. */
    private static final Set<String> ATTRIBUTES = Set.of("VisibilityTimeout", "MessageRetentionPeriod", "DelaySeconds",
            "MaximumMessageSize", "ReceiveMessageWaitTimeSeconds", "FifoQueue", "ContentBasedDeduplication",
            "DeduplicationScope", "FifoThroughputLimit", "SqsManagedSseEnabled", "RedrivePolicy", "RedriveAllowPolicy");

    private final SqsClient sqs;
    private final Region region;

    QueueCreator(SqsClient sqs, Region region) {
        this.sqs = sqs;
        this.region = region;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> applied() {
        return ATTRIBUTES;
    }

    @Override
    public Set<String> skipped() {
        return Set.of("QueueName", "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds", "Tags");
    }

    @Override
    public CreatedStack.Resource create(String logicalId, String name, JsonNode properties) {
        Map<String, String> attributes = new LinkedHashMap<>();
        properties.properties().forEach(p -> attributes.put(p.getKey(),
                p.getValue().isContainerNode() ? p.getValue().toString() : p.getValue().asText()));
        boolean fifo = Boolean.parseBoolean(attributes.getOrDefault("FifoQueue", "false"));
        String queueName = fifo && !name.endsWith(".fifo") ? name + ".fifo" : name;
        String url = sqs.createQueue(b -> b.queueName(queueName).attributesWithStrings(attributes)).queueUrl();
        return new CreatedStack.Queue(logicalId, queueName, url, arn(url, queueName));
    }

    /** A queue URL ends in {@code /account/name}: its ARN needs no extra call. */
    private String arn(String url, String queueName) {
        String[] parts = url.split("/");
        String account = parts.length >= 2 ? parts[parts.length - 2] : Values.ACCOUNT;
        return "arn:aws:sqs:" + region.id() + ":" + account + ":" + queueName;
    }
}
