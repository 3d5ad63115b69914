package dev.hfjobs.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hfjobs.localinvoke.Overrides;
import dev.hfjobs.localinvoke.SamTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The project's template.yaml, created on a real moto_server. */
class TemplateResourcesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static SamTemplate template;
    private static StackClients aws;
    private static TemplateResources resources;
    private static CreatedStack stack;

    @BeforeAll
    static void createOneStack() {
        template = SamTemplate.load(ProjectFiles.template());
        aws = TestMoto.aws();
        resources = new TemplateResources(template, aws);
        stack = resources.create(ResourceNames.unique("t"));
    }

    @Test
    void tableIsActiveWithTheTemplatesKeysIndexAndBilling() {
        TableDescription table = aws.dynamoDb().describeTable(b -> b.tableName(stack.table("JobsTable").name())).table();

        assertThat(table.tableStatusAsString()).isEqualTo("ACTIVE");
        assertThat(table.tableArn()).isEqualTo(stack.table("JobsTable").arn());
        assertThat(table.keySchema()).singleElement()
                .satisfies(k -> assertThat(k.attributeName() + " " + k.keyTypeAsString()).isEqualTo("pk HASH"));
        assertThat(table.attributeDefinitions()).extracting(a -> a.attributeName() + ":" + a.attributeTypeAsString())
                .containsExactlyInAnyOrder("pk:S", "activePk:S", "jobId:S");
        assertThat(table.billingModeSummary().billingModeAsString()).isEqualTo("PAY_PER_REQUEST");
        GlobalSecondaryIndexDescription active = table.globalSecondaryIndexes().getFirst();
        assertThat(active.indexName()).isEqualTo("active");
        assertThat(active.keySchema()).extracting(k -> k.attributeName() + " " + k.keyTypeAsString())
                .containsExactly("activePk HASH", "jobId RANGE");
        assertThat(active.projection().projectionTypeAsString()).isEqualTo("ALL");
        assertThat(table.streamSpecification().streamViewTypeAsString()).isEqualTo("NEW_IMAGE");
        assertThat(stack.table("JobsTable").streamArn()).isEqualTo(table.latestStreamArn()).isNotBlank();
        assertThat(stack.table("JobsTable").attribute("StreamArn")).contains(table.latestStreamArn());
    }

    @Test
    void tableExpiresItemsOnTheTemplatesTtlAttribute() {
        var ttl = aws.dynamoDb().describeTimeToLive(b -> b.tableName(stack.table("JobsTable").name()))
                .timeToLiveDescription();

        assertThat(ttl.timeToLiveStatusAsString()).isEqualTo("ENABLED");
        assertThat(ttl.attributeName()).isEqualTo("expiresAt");
    }

    @Test
    void submitQueueRedrivesToTheDeadLetterQueuesArn() throws IOException {
        Map<QueueAttributeName, String> submit = attributes(stack.queue("SubmitQueue").url());
        Map<QueueAttributeName, String> deadLetter = attributes(stack.queue("SubmitDeadLetterQueue").url());

        JsonNode redrive = JSON.readTree(submit.get(QueueAttributeName.REDRIVE_POLICY));
        assertThat(redrive.path("deadLetterTargetArn").asText())
                .isEqualTo(deadLetter.get(QueueAttributeName.QUEUE_ARN))
                .isEqualTo(stack.queue("SubmitDeadLetterQueue").arn());
        assertThat(redrive.path("maxReceiveCount").asInt()).isEqualTo(5);
        assertThat(submit.get(QueueAttributeName.VISIBILITY_TIMEOUT)).isEqualTo("720");
        assertThat(submit.get(QueueAttributeName.MESSAGE_RETENTION_PERIOD)).isEqualTo("345600");
        assertThat(submit.get(QueueAttributeName.QUEUE_ARN)).isEqualTo(stack.queue("SubmitQueue").arn());
        assertThat(deadLetter.get(QueueAttributeName.MESSAGE_RETENTION_PERIOD)).isEqualTo("1209600");
    }

    @Test
    void queuesAreCreatedAfterTheQueuesTheyReferTo() {
        assertThat(resources.logicalIds()).containsSubsequence("SubmitDeadLetterQueue", "SubmitQueue");
        assertThat(resources.logicalIds()).contains("JobsTable", "EventBus", "ApiFunctionLogGroup");
    }

    @Test
    void eventBusExists() {
        var bus = aws.eventBridge().describeEventBus(b -> b.name(stack.eventBus("EventBus").name()));

        assertThat(bus.arn()).isEqualTo(stack.eventBus("EventBus").arn());
    }

    @Test
    void logGroupsKeepTheTemplatesRetention() {
        String name = stack.logGroup("ApiFunctionLogGroup").name();
        var groups = aws.logs().describeLogGroups(b -> b.logGroupNamePrefix(name)).logGroups();

        assertThat(groups).singleElement().satisfies(group -> assertThat(group.retentionInDays()).isEqualTo(30));
    }

    @Test
    void environmentNamesWhatWasCreatedAsTheFunctionsReadIt() {
        assertThat(stack.environment()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "JOBS_TABLE_NAME", stack.table("JobsTable").name(),
                "EVENT_BUS_NAME", stack.eventBus("EventBus").name(),
                "SUBMIT_DLQ_URL", stack.queue("SubmitDeadLetterQueue").url(),
                "JOB_LOG_GROUP", stack.logGroup("JobLogGroup").name()));
    }

    @Test
    void stacksInOneMotoServerGetNamesOfTheirOwn() {
        CreatedStack other = resources.create(ResourceNames.unique("t"));

        Set<String> names = new HashSet<>();
        stack.resources().values().forEach(resource -> names.add(resource.name()));
        other.resources().values().forEach(resource -> assertThat(names).doesNotContain(resource.name()));
        assertThat(aws.dynamoDb().listTables().tableNames())
                .contains(stack.table("JobsTable").name(), other.table("JobsTable").name());
    }

    @Test
    void tokenSecretHoldsTheToken() {
        String secretId = resources.createTokenSecret(ResourceNames.unique("t"), "hf_test_alice");

        assertThat(aws.secretsManager().getSecretValue(b -> b.secretId(secretId)).secretString())
                .isEqualTo("hf_test_alice");
    }

    @Test
    void envJsonNamingGivesTheNamesEnvJsonUses() {
        Overrides envJson = Overrides.fromEnvFile(ProjectFiles.envJson());
        ResourceNames names = ResourceNames.fromEnvFile(template, envJson, "hf-jobs");

        assertThat(names.physicalName("JobsTable")).isEqualTo(envJson.globalEnv().get("JOBS_TABLE_NAME"))
                .isEqualTo("hf-jobs");
        assertThat(names.physicalName("EventBus")).isEqualTo("hf-jobs");
        assertThat(names.physicalName("SubmitDeadLetterQueue")).isEqualTo("hf-jobs-submit-dlq");
        assertThat(names.physicalName("SubmitQueue")).isEqualTo("hf-jobs-submit");
        assertThat(names.physicalName(TemplateResources.TOKEN_SECRET_PARAMETER)).isEqualTo("hf-jobs/token");
        assertThat(names.physicalName("ApiFunctionLogGroup")).isEqualTo("/aws/lambda/hf-jobs-ApiFunction");
    }

    @Test
    void envJsonNamingOnItsOwnServerGivesEnvJsonsQueueUrl() {
        Overrides envJson = Overrides.fromEnvFile(ProjectFiles.envJson());
        try (MotoProcess own = MotoProcess.start(0, Path.of("target/moto-server-env-json.log"));
                StackClients clients = StackClients.forEndpoint(own.endpoint())) {
            CreatedStack local = new TemplateResources(template, clients)
                    .create(ResourceNames.fromEnvFile(template, envJson, "hf-jobs"));

            String expected = envJson.functionEnv().get("QueueSubmitFunction").get("SUBMIT_DLQ_URL")
                    .replace(":5000/", ":" + own.port() + "/");
            assertThat(local.environment()).containsEntry("SUBMIT_DLQ_URL", expected)
                    .containsEntry("JOBS_TABLE_NAME", "hf-jobs").containsEntry("EVENT_BUS_NAME", "hf-jobs");
        }
    }

    @Test
    void creatingAStackTakesMillisecondsOnMoto() {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long start = System.nanoTime();
            resources.create(ResourceNames.unique("speed"));
            millis.add((System.nanoTime() - start) / 1_000_000);
        }

        List<Long> sorted = millis.stream().sorted().toList();
        System.out.printf("TemplateResources.create on moto: median %d ms, max %d ms, all %s%n", sorted.get(5),
                sorted.getLast(), millis);
        assertThat(sorted.get(5)).isLessThan(2_000);
    }

    @Test
    void withoutLogGroupsAStackIsCheaper() {
        TemplateResources noLogs = resources.only(Set.of("AWS::DynamoDB::Table", "AWS::SQS::Queue",
                "AWS::Events::EventBus"));
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long start = System.nanoTime();
            CreatedStack created = noLogs.create(ResourceNames.unique("speed"));
            millis.add((System.nanoTime() - start) / 1_000_000);
            assertThat(created.resources()).containsOnlyKeys("JobsTable", "SubmitDeadLetterQueue", "SubmitQueue",
                    "EventOutboxDeadLetterQueue", "EventBus");
        }

        System.out.printf("TemplateResources.only(table, queues, bus).create on moto: median %d ms, all %s%n",
                millis.stream().sorted().toList().get(5), millis);
        assertThat(millis.stream().sorted().toList().get(5)).isLessThan(1_000);
    }

    @Test
    void keepingAResourceWithoutWhatItRefersToIsRefused(@TempDir Path dir) throws IOException {
        SamTemplate redrive = template(dir, """
                    Work:
                      Type: AWS::SQS::Queue
                      Properties:
                        RedrivePolicy: {deadLetterTargetArn: !GetAtt Archive.Arn, maxReceiveCount: 3}
                    Archive:
                      Type: AWS::Logs::LogGroup
                """);

        assertThatThrownBy(() -> new TemplateResources(redrive, aws).only(Set.of("AWS::SQS::Queue")))
                .isInstanceOf(DevStackException.class).hasMessageContaining("Work refers to Archive");
    }

    @Test
    void aFifoQueueGetsItsSuffixAndAttributes(@TempDir Path dir) throws IOException {
        SamTemplate fifo = template(dir, """
                    Orders:
                      Type: AWS::SQS::Queue
                      Properties:
                        FifoQueue: true
                        ContentBasedDeduplication: true
                """);

        CreatedStack created = new TemplateResources(fifo, aws).create(ResourceNames.unique("t"));

        assertThat(created.queue("Orders").name()).endsWith("-orders.fifo");
        assertThat(attributes(created.queue("Orders").url()))
                .containsEntry(QueueAttributeName.FIFO_QUEUE, "true")
                .containsEntry(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true");
    }

    @Test
    void aPropertyItDoesNotKnowFailsBeforeAnythingIsCreated(@TempDir Path dir) throws IOException {
        SamTemplate unknown = template(dir, """
                    Jobs:
                      Type: AWS::DynamoDB::Table
                      Properties:
                        KeySchema: [{AttributeName: pk, KeyType: HASH}]
                        KinesisStreamSpecification: {StreamArn: arn:aws:kinesis:us-east-1:123456789012:stream/jobs}
                """);

        assertThatThrownBy(() -> new TemplateResources(unknown, aws)).isInstanceOf(DevStackException.class)
                .hasMessageContaining("Jobs").hasMessageContaining("[KinesisStreamSpecification]");
    }

    @Test
    void aValueItCannotResolveSaysWhereItIs(@TempDir Path dir) throws IOException {
        SamTemplate imported = template(dir, """
                    Jobs:
                      Type: AWS::SQS::Queue
                      Properties:
                        VisibilityTimeout: !ImportValue shared-timeout
                """);

        assertThatThrownBy(() -> new TemplateResources(imported, aws).create(ResourceNames.unique("t")))
                .isInstanceOf(DevStackException.class).hasMessageContaining("Jobs.VisibilityTimeout")
                .hasMessageContaining("Fn::ImportValue");
    }

    @Test
    void theExamplePipelineIsLeftOutByDefault() {
        assertThat(resources.logicalIds()).doesNotContain("TrainEvaluatePipeline");
        assertThat(stack.resources()).doesNotContainKey("TrainEvaluatePipeline");
    }

    @Test
    void theExamplePipelineTrainsThenEvaluatesTheTrainedJobThroughTheSubmitQueue() throws Exception {
        CreatedStack pipeline = resources.withParameters(Map.of("ExamplePipeline", "train-evaluate"))
                .create(ResourceNames.unique("t"));
        String machine = pipeline.stateMachine("TrainEvaluatePipeline").arn();
        String queue = pipeline.queue("SubmitQueue").url();
        try {
            String execution = aws.stepFunctions().startExecution(b -> b.stateMachineArn(machine).name("run-1")
                    .input("""
                            {"image": "python:3.12", "flavor": "cpu-basic", "trainCommand": ["python", "train.py"],
                             "evaluateCommand": ["python", "evaluate.py"]}""")).executionArn();

            JsonNode train = receiveOne(queue);
            aws.stepFunctions().sendTaskSuccess(b -> b.taskToken(train.path("taskToken").asText())
                    .output("{\"jobId\": \"0123456789abcdef01234567\", \"stage\": \"COMPLETED\"}"));
            JsonNode evaluate = receiveOne(queue);
            aws.stepFunctions().sendTaskSuccess(b -> b.taskToken(evaluate.path("taskToken").asText())
                    .output("{\"jobId\": \"76543210fedcba9876543210\", \"stage\": \"COMPLETED\"}"));
            var done = awaitEnd(execution);

            assertThat(train.path("command").toString()).isEqualTo("[\"python\",\"train.py\"]");
            assertThat(train.path("flavor").asText()).isEqualTo("cpu-basic");
            assertThat(train.path("timeout").asText()).isEqualTo("2h");
            assertThat(train.path("labels").toString()).isEqualTo("{\"pipeline\":\"train-evaluate\",\"step\":\"train\"}");
            assertThat(evaluate.path("env").toString()).isEqualTo("{\"TRAIN_JOB_ID\":\"0123456789abcdef01234567\"}");
            assertThat(evaluate.at("/labels/train-job").asText()).isEqualTo("0123456789abcdef01234567");
            assertThat(evaluate.path("taskToken").asText()).isNotBlank().isNotEqualTo(train.path("taskToken").asText());
            assertThat(done.statusAsString()).isEqualTo("SUCCEEDED");
            assertThat(JSON.readTree(done.output()).at("/evaluateJob/jobId").asText())
                    .isEqualTo("76543210fedcba9876543210");
        } finally {
            // moto 5.2.1 starts no other execution in this region while this state machine exists.
            aws.stepFunctions().deleteStateMachine(b -> b.stateMachineArn(machine));
        }
    }

    @Test
    void aResourceWhoseConditionIsFalseIsLeftOut(@TempDir Path dir) throws IOException {
        SamTemplate conditional = template(dir, """
                    Always:
                      Type: AWS::SQS::Queue
                    OnlyInProd:
                      Type: AWS::SQS::Queue
                      Condition: IsProd
                """, """
                Parameters:
                  Stage: {Type: String, Default: dev}
                Conditions:
                  IsProd: !Equals [!Ref Stage, prod]
                """);
        TemplateResources byDefault = new TemplateResources(conditional, aws);

        assertThat(byDefault.logicalIds()).containsExactly("Always");
        assertThat(byDefault.withParameters(Map.of("Stage", "prod")).logicalIds()).containsExactly("Always", "OnlyInProd");
        assertThat(byDefault.withParameters(Map.of("Stage", "prod")).only(Set.of("AWS::SQS::Queue"))
                .create(ResourceNames.unique("t")).resources()).containsOnlyKeys("Always", "OnlyInProd");
    }

    @Test
    void aConditionThatCannotBeEvaluatedSaysWhich(@TempDir Path dir) throws IOException {
        SamTemplate conditional = template(dir, """
                    OnlyInProd:
                      Type: AWS::SQS::Queue
                      Condition: IsProd
                """, """
                Parameters:
                  Stage: {Type: String}
                Conditions:
                  IsProd: !Equals [!Ref Stage, prod]
                """);

        assertThatThrownBy(() -> new TemplateResources(conditional, aws)).isInstanceOf(DevStackException.class)
                .hasMessageContaining("OnlyInProd: its condition IsProd cannot be evaluated locally");
    }

    @Test
    void aDefinitionStringGetsItsSubstitutions(@TempDir Path dir) throws IOException {
        SamTemplate machine = template(dir, """
                    Work:
                      Type: AWS::SQS::Queue
                    Flow:
                      Type: AWS::StepFunctions::StateMachine
                      Properties:
                        RoleArn: arn:aws:iam::123456789012:role/flow
                        DefinitionSubstitutions: {WorkUrl: !Ref Work}
                        DefinitionString: '{"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": "${WorkUrl}", "End": true}}}'
                """, "");

        CreatedStack created = new TemplateResources(machine, aws).create(ResourceNames.unique("t"));
        String definition = aws.stepFunctions()
                .describeStateMachine(b -> b.stateMachineArn(created.stateMachine("Flow").arn())).definition();
        aws.stepFunctions().deleteStateMachine(b -> b.stateMachineArn(created.stateMachine("Flow").arn()));

        assertThat(JSON.readTree(definition).at("/States/P/Result").asText()).isEqualTo(created.queue("Work").url());
        assertThat(created.stateMachine("Flow").ref()).isEqualTo(created.stateMachine("Flow").arn())
                .startsWith("arn:aws:states:us-east-1:123456789012:stateMachine:t-");
    }

    @Test
    void aPlaceholderWithoutASubstitutionIsRefused(@TempDir Path dir) throws IOException {
        SamTemplate machine = template(dir, """
                    Flow:
                      Type: AWS::StepFunctions::StateMachine
                      Properties:
                        RoleArn: arn:aws:iam::123456789012:role/flow
                        Definition: {StartAt: P, States: {P: {Type: Pass, Result: "${Nowhere}", End: true}}}
                """, "");

        assertThatThrownBy(() -> new TemplateResources(machine, aws).create(ResourceNames.unique("t")))
                .isInstanceOf(DevStackException.class).hasMessageContaining("Flow: its definition names [Nowhere]");
    }

    private static JsonNode receiveOne(String queueUrl) throws IOException {
        for (int attempt = 0; attempt < 10; attempt++) {
            var messages = aws.sqs().receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(1)).messages();
            if (!messages.isEmpty()) {
                aws.sqs().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(messages.getFirst().receiptHandle()));
                return JSON.readTree(messages.getFirst().body());
            }
        }
        throw new AssertionError("no message on " + queueUrl + " within 10 s");
    }

    private static software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse awaitEnd(String execution)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        var described = aws.stepFunctions().describeExecution(b -> b.executionArn(execution));
        while (described.statusAsString().equals("RUNNING") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            described = aws.stepFunctions().describeExecution(b -> b.executionArn(execution));
        }
        return described;
    }

    private static Map<QueueAttributeName, String> attributes(String url) {
        return aws.sqs().getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.ALL)).attributes();
    }

    private static SamTemplate template(Path dir, String resources) throws IOException {
        return template(dir, resources, "");
    }

    private static SamTemplate template(Path dir, String resources, String head) throws IOException {
        Path file = dir.resolve("template.yaml");
        Files.writeString(file, head + "Resources:\n" + resources);
        return SamTemplate.load(file);
    }
}
