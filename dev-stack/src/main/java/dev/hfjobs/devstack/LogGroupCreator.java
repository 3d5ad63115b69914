package dev.hfjobs.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/** {@code AWS::Logs::LogGroup}, with its retention. */
final class LogGroupCreator implements Creator {

    static final String TYPE = "AWS::Logs::LogGroup";

    private final CloudWatchLogsClient logs;
    private final Region region;

    LogGroupCreator(CloudWatchLogsClient logs, Region region) {
        this.logs = logs;
        this.region = region;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> applied() {
        return Set.of("RetentionInDays");
    }

    @Override
    public Set<String> skipped() {
        return Set.of("LogGroupName", "KmsKeyId", "DataProtectionPolicy", "LogGroupClass", "Tags");
    }

    @Override
    public CreatedStack.Resource create(String logicalId, String name, JsonNode properties) {
        logs.createLogGroup(b -> b.logGroupName(name));
        if (properties.has("RetentionInDays")) {
            int days = properties.path("RetentionInDays").asInt();
            logs.putRetentionPolicy(b -> b.logGroupName(name).retentionInDays(days));
        }
        return new CreatedStack.LogGroup(logicalId, name,
                "arn:aws:logs:" + region.id() + ":" + Values.ACCOUNT + ":log-group:" + name);
    }
}
