package dev.hfjobs.localinvoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Access in the project's template.yaml: the HTTP API never anonymous, and each function's role
 * naming only the actions its code uses, never on {@code "*"} but for the Step Functions task
 * callbacks, which AWS authorizes on no resource type (see {@link #CALLBACKS}).
 */
class TemplateAccessTest {
    static final Set<String> LOGS = Set.of("logs:CreateLogStream", "logs:PutLogEvents");
    // Only present when the token secret has its own KMS key (a template condition).
    static final Set<String> SECRET = Set.of("secretsmanager:GetSecretValue", "kms:Decrypt");
    /**
     * The one exception to "never on *": the Service Authorization Reference lists no resource type
     * for these actions (a policy must name "*"), and the tokens come from users' own state machines.
     */
    static final Set<String> CALLBACKS = Set.of("states:SendTaskHeartbeat", "states:SendTaskSuccess",
            "states:SendTaskFailure");
    /** The API and queue functions only fail tasks (a request that can never become a job). */
    static final Set<String> FAIL_TASK = Set.of("states:SendTaskFailure");
    static final Set<String> JOB_LOGS = Set.of("logs:CreateLogStream", "logs:PutLogEvents", "logs:GetLogEvents");
    /** The submitting functions read job secret references (SSM parameters; Secrets Manager as above). */
    static final Set<String> JOB_SECRETS = Set.of("ssm:GetParameter");
    static final Map<String, Set<String>> USED = Map.of(
            "ApiFunction", union(Set.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
                    "dynamodb:DeleteItem", "dynamodb:BatchWriteItem", "events:PutEvents"), FAIL_TASK, JOB_SECRETS),
            "QueueSubmitFunction", union(Set.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
                    "dynamodb:DeleteItem", "dynamodb:BatchWriteItem", "events:PutEvents", "sqs:SendMessage",
                    "sqs:ReceiveMessage",
                    "sqs:DeleteMessage", "sqs:GetQueueAttributes"), FAIL_TASK, JOB_SECRETS),
            "StatusPollerFunction", union(Set.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem",
                    "dynamodb:Query", "events:PutEvents"), CALLBACKS, JOB_LOGS),
            "HardwareCatalogFunction", Set.of("dynamodb:GetItem", "dynamodb:PutItem", "events:PutEvents"),
            // Its event source mapping reads the stream and sets failed batches aside with this role.
            "EventOutboxFunction", Set.of("dynamodb:DescribeStream", "dynamodb:GetRecords",
                    "dynamodb:GetShardIterator", "dynamodb:ListStreams", "events:PutEvents", "sqs:SendMessage"));
    /** The functions that never call the Hub, so never read its token. */
    static final Set<String> NO_HUB = Set.of("EventOutboxFunction");

    static JsonNode resources() {
        return CfnYaml.read(templateFile()).path("Resources");
    }

    static Path templateFile() {
        Path template = Path.of("template.yaml");
        for (Path dir = Path.of("").toAbsolutePath(); !Files.exists(template) && dir != null; dir = dir.getParent()) {
            template = dir.resolve("template.yaml");
        }
        return template;
    }

    @Test
    void everyHttpApiRouteRequiresIamOrJwt() {
        JsonNode resources = resources();
        List<String> routes = new ArrayList<>();
        resources.properties().forEach(e -> {
            String type = e.getValue().path("Type").asText();
            JsonNode props = e.getValue().path("Properties");
            if (type.equals("AWS::ApiGatewayV2::Route")) {
                routes.add(e.getKey());
                JsonNode auth = props.path("AuthorizationType");
                List<String> modes = new ArrayList<>();
                if (auth.isTextual()) {
                    modes.add(auth.asText());
                } else {
                    JsonNode branches = auth.path("Fn::If");
                    assertThat(branches.size()).as(e.getKey() + " AuthorizationType").isEqualTo(3);
                    modes.add(branches.get(1).asText());
                    modes.add(branches.get(2).asText());
                }
                assertThat(modes).as(e.getKey()).isNotEmpty().allSatisfy(m -> assertThat(m).isIn("AWS_IAM", "JWT"));
            }
            // No implicit API: SAM's Api/HttpApi events would create routes outside these checks.
            assertThat(type).isNotIn("AWS::Serverless::Api", "AWS::Serverless::HttpApi", "AWS::ApiGateway::Method");
            props.path("Events").forEach(event -> assertThat(event.path("Type").asText()).isIn("SQS", "Schedule",
                    "DynamoDB"));
        });
        assertThat(routes).isNotEmpty();
        System.out.println("ROBUST template: " + routes.size() + " routes, all AWS_IAM or JWT");
    }

    @Test
    void eachFunctionsRoleNamesOnlyTheActionsItsCodeUsesAndNoWildcardResource() {
        JsonNode resources = resources();
        int statements = 0;
        for (String function : USED.keySet()) {
            JsonNode props = resources.path(function).path("Properties");
            assertThat(props.has("Policies")).as(function + " has no SAM-generated policies").isFalse();
            String role = props.path("Role").path("Fn::GetAtt").path(0).asText();
            assertThat(role).as(function + " has its own role").isEqualTo(function + "Role");
            JsonNode roleProps = resources.path(role).path("Properties");
            assertThat(roleProps.has("ManagedPolicyArns")).isTrue();
            List<JsonNode> found = new ArrayList<>();
            roleProps.path("Policies").forEach(p -> statementsOf(p.path("PolicyDocument"), found));
            roleProps.path("ManagedPolicyArns").forEach(ref -> {
                assertThat(ref.has("Ref")).as(function + " managed policies are the template's own").isTrue();
                statementsOf(resources.path(ref.path("Ref").asText()).path("Properties").path("PolicyDocument"), found);
            });
            TreeSet<String> actions = new TreeSet<>();
            for (JsonNode statement : found) {
                statements++;
                assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
                JsonNode action = statement.path("Action");
                (action.isArray() ? action : List.of(action)).forEach(a -> actions.add(((JsonNode) a).asText()));
                JsonNode resource = statement.path("Resource");
                assertThat(resource.isMissingNode()).as(function + " statement has a Resource").isFalse();
                if (isCallbackStatement(statement)) {
                    continue;
                }
                assertThat(resource.toString()).as(function + " resource").doesNotContain("\"*\"");
                assertThat(resource.isTextual() && resource.asText().equals("*")).isFalse();
            }
            TreeSet<String> allowed = new TreeSet<>(USED.get(function));
            allowed.addAll(LOGS);
            allowed.addAll(SECRET);
            assertThat(actions).as(function + " actions").isSubsetOf(allowed).containsAll(USED.get(function))
                    .noneMatch(a -> a.contains("*"));
            assertThat(actions.contains("secretsmanager:GetSecretValue")).as(function + " reads the token")
                    .isEqualTo(!NO_HUB.contains(function));
            System.out.println("ROBUST template: " + function + " -> " + actions);
        }
        System.out.println("ROBUST template: " + statements + " policy statements checked, none on Resource \"*\" "
                + "but the task callbacks");
    }

    @Test
    void jobSecretsAreReadableOnlyUnderTheAllowedPrefixesOfThisAccountAndRegion() {
        JsonNode resources = resources();
        List<JsonNode> statements = new ArrayList<>();
        statementsOf(resources.path("JobSecretsReadPolicy").path("Properties").path("PolicyDocument"), statements);

        assertThat(statements).extracting(st -> st.path("Action").asText() + " " + st.path("Resource"))
                .containsExactly("secretsmanager:GetSecretValue {\"Fn::Sub\":\"arn:${AWS::Partition}:secretsmanager:"
                        + "${AWS::Region}:${AWS::AccountId}:secret:${JobSecretsNamePrefix}*\"}",
                        "ssm:GetParameter {\"Fn::Sub\":\"arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:"
                        + "parameter${JobSecretsParameterPath}*\"}", "kms:Decrypt {\"Ref\":\"JobSecretsKmsKeyArn\"}");
        JsonNode decrypt = resources.at("/JobSecretsReadPolicy/Properties/PolicyDocument/Statement/2/Fn::If");
        assertThat(decrypt.get(0).asText()).isEqualTo("HasJobSecretsKmsKey");
        assertThat(decrypt.get(1).path("Resource").path("Ref").asText()).isEqualTo("JobSecretsKmsKeyArn");
        assertThat(decrypt.get(1).at("/Condition/StringEquals/kms:ViaService")).hasSize(2);
        List<String> readers = new ArrayList<>();
        resources.properties().forEach(r -> r.getValue().at("/Properties/ManagedPolicyArns").forEach(ref -> {
            if (ref.path("Ref").asText().equals("JobSecretsReadPolicy")) {
                readers.add(r.getKey());
            }
        }));
        assertThat(readers).containsExactlyInAnyOrder("ApiFunctionRole", "QueueSubmitFunctionRole");
    }

    @Test
    void onlyTheTaskCallbacksAreAllowedOnEveryResourceAndOnlyInTheirOwnPolicy() {
        JsonNode resources = resources();
        List<String> wildcards = new ArrayList<>();
        resources.properties().forEach(resource -> {
            List<JsonNode> found = new ArrayList<>();
            JsonNode props = resource.getValue().path("Properties");
            statementsOf(props.path("PolicyDocument"), found);
            props.path("Policies").forEach(p -> statementsOf(p.path("PolicyDocument"), found));
            found.stream().filter(s -> s.path("Resource").toString().contains("\"*\""))
                    .forEach(s -> wildcards.add(resource.getKey() + "/" + s.path("Sid").asText()));
        });

        assertThat(wildcards).containsExactlyInAnyOrder("TaskTokenCallbackPolicy/AnswerTaskTokens",
                "TaskFailureCallbackPolicy/FailTaskTokens");
        assertThat(actions(resources.at("/TaskFailureCallbackPolicy/Properties/PolicyDocument/Statement/0")))
                .containsExactlyElementsOf(FAIL_TASK);
        JsonNode statement = resources.at("/TaskTokenCallbackPolicy/Properties/PolicyDocument/Statement/0");
        assertThat(isCallbackStatement(statement)).isTrue();
        assertThat(actions(statement)).containsExactlyInAnyOrderElementsOf(CALLBACKS);
        assertThat(statement.has("Condition")).isFalse();
        System.out.println("ROBUST template: Resource \"*\" only for " + wildcards + " " + actions(statement));
    }

    @Test
    void thePollerWritesAndReadsJobLogsInTheJobLogGroupOnly() {
        JsonNode resources = resources();
        JsonNode group = resources.path("JobLogGroup");
        JsonNode poller = resources.path("StatusPollerFunction").path("Properties");
        List<JsonNode> found = new ArrayList<>();
        resources.at("/StatusPollerFunctionRole/Properties/Policies")
                .forEach(p -> statementsOf(p.path("PolicyDocument"), found));
        List<JsonNode> onJobLogs = found.stream()
                .filter(s -> s.path("Resource").toString().contains("JobLogGroup")).toList();

        assertThat(group.path("Type").asText()).isEqualTo("AWS::Logs::LogGroup");
        assertThat(group.at("/Properties/LogGroupName/Ref").asText()).isEqualTo("JobLogGroupName");
        assertThat(group.at("/Properties/RetentionInDays/Ref").asText()).isEqualTo("LogRetentionDays");
        assertThat(CfnYaml.read(templateFile()).at("/Parameters/JobLogGroupName/Default").asText())
                .isEqualTo("/hf-jobs/jobs");
        assertThat(poller.at("/Environment/Variables/JOB_LOG_GROUP/Ref").asText()).isEqualTo("JobLogGroup");
        assertThat(onJobLogs).singleElement().satisfies(s -> {
            assertThat(actions(s)).containsExactlyInAnyOrderElementsOf(JOB_LOGS);
            assertThat(s.path("Resource").path("Fn::GetAtt").toString()).isEqualTo("[\"JobLogGroup\",\"Arn\"]");
        });
        for (String function : List.of("ApiFunction", "QueueSubmitFunction", "HardwareCatalogFunction")) {
            assertThat(resources.at("/" + function + "Role").toString()).as(function).doesNotContain("JobLogGroup");
        }
    }

    @Test
    void theExamplePipelineIsOffByDefaultAndItsRoleOnlySendsToTheSubmitQueue() {
        JsonNode template = CfnYaml.read(templateFile());
        JsonNode resources = template.path("Resources");
        JsonNode role = resources.path("TrainEvaluatePipelineRole");
        List<JsonNode> found = new ArrayList<>();
        role.at("/Properties/Policies").forEach(p -> statementsOf(p.path("PolicyDocument"), found));

        assertThat(template.at("/Parameters/ExamplePipeline/Default").asText()).isEqualTo("none");
        assertThat(template.at("/Conditions/HasExamplePipeline").toString())
                .isEqualTo("{\"Fn::Equals\":[{\"Ref\":\"ExamplePipeline\"},\"train-evaluate\"]}");
        List<String> conditional = new ArrayList<>();
        resources.properties().forEach(r -> {
            if (r.getValue().path("Condition").asText().equals("HasExamplePipeline")) {
                conditional.add(r.getKey());
            }
        });
        assertThat(conditional).containsExactlyInAnyOrder("TrainEvaluatePipeline", "TrainEvaluatePipelineRole");
        assertThat(role.at("/Properties/AssumeRolePolicyDocument/Statement/0/Principal/Service").asText())
                .isEqualTo("states.amazonaws.com");
        assertThat(role.at("/Properties/ManagedPolicyArns").isMissingNode()).isTrue();
        assertThat(found).singleElement().satisfies(s -> {
            assertThat(actions(s)).containsExactly("sqs:SendMessage");
            assertThat(s.path("Resource").path("Fn::GetAtt").toString()).isEqualTo("[\"SubmitQueue\",\"Arn\"]");
        });
    }

    @Test
    void theExamplePipelineWaitsForEachJobsTaskTokenAndEvaluatesTheTrainedJob() {
        JsonNode machine = resources().path("TrainEvaluatePipeline").path("Properties");
        JsonNode states = machine.at("/Definition/States");

        assertThat(machine.at("/DefinitionSubstitutions/SubmitQueueUrl/Ref").asText()).isEqualTo("SubmitQueue");
        assertThat(machine.at("/RoleArn/Fn::GetAtt/0").asText()).isEqualTo("TrainEvaluatePipelineRole");
        assertThat(machine.at("/Definition/StartAt").asText()).isEqualTo("Train");
        assertThat(states.at("/Train/Next").asText()).isEqualTo("Evaluate");
        for (String step : List.of("Train", "Evaluate")) {
            JsonNode task = states.path(step);
            assertThat(task.path("Resource").asText()).as(step)
                    .isEqualTo("arn:aws:states:::sqs:sendMessage.waitForTaskToken");
            assertThat(task.at("/Parameters/QueueUrl").asText()).isEqualTo("${SubmitQueueUrl}");
            assertThat(task.at("/Parameters/MessageBody/taskToken.$").asText()).isEqualTo("$$.Task.Token");
            assertThat(task.at("/Parameters/MessageBody").fieldNames()).toIterable()
                    .contains("image.$", "command.$", "flavor.$", "timeout", "labels", "taskToken.$");
            // Longer than the poller's one-minute schedule, and than the submit queue's visibility timeout.
            assertThat(task.path("HeartbeatSeconds").asInt()).isGreaterThan(720);
            assertThat(task.path("TimeoutSeconds").asInt()).isGreaterThan(task.path("HeartbeatSeconds").asInt());
        }
        assertThat(states.at("/Train/ResultPath").asText()).isEqualTo("$.trainJob");
        assertThat(states.at("/Evaluate/Parameters/MessageBody/env/TRAIN_JOB_ID.$").asText())
                .isEqualTo("$.trainJob.jobId");
        assertThat(states.at("/Evaluate/Parameters/MessageBody/labels/train-job.$").asText())
                .isEqualTo("$.trainJob.jobId");
    }

    private static boolean isCallbackStatement(JsonNode statement) {
        return statement.path("Resource").asText().equals("*") && CALLBACKS.containsAll(actions(statement));
    }

    private static List<String> actions(JsonNode statement) {
        JsonNode action = statement.path("Action");
        List<String> actions = new ArrayList<>();
        (action.isArray() ? action : List.of(action)).forEach(a -> actions.add(((JsonNode) a).asText()));
        return actions;
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> all = new TreeSet<>();
        for (Set<String> set : sets) {
            all.addAll(set);
        }
        return Set.copyOf(all);
    }

    /** The statements of a policy document, through Fn::If branches (AWS::NoValue dropped). */
    private static void statementsOf(JsonNode document, List<JsonNode> into) {
        document.path("Statement").forEach(s -> collect(s, into));
    }

    private static void collect(JsonNode statement, List<JsonNode> into) {
        if (statement.has("Fn::If")) {
            collect(statement.path("Fn::If").get(1), into);
            collect(statement.path("Fn::If").get(2), into);
        } else if (statement.has("Effect")) {
            into.add(statement);
        }
    }
}
