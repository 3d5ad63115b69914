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
 * naming only the actions its code uses, never on {@code "*"}.
 */
class TemplateAccessTest {
    static final Set<String> LOGS = Set.of("logs:CreateLogStream", "logs:PutLogEvents");
    // Only present when the token secret has its own KMS key (a template condition).
    static final Set<String> SECRET = Set.of("secretsmanager:GetSecretValue", "kms:Decrypt");
    static final Map<String, Set<String>> USED = Map.of(
            "ApiFunction", Set.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
                    "events:PutEvents"),
            "QueueSubmitFunction", Set.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
                    "dynamodb:DeleteItem", "events:PutEvents", "sqs:SendMessage", "sqs:ReceiveMessage",
                    "sqs:DeleteMessage", "sqs:GetQueueAttributes"),
            "StatusPollerFunction", Set.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem",
                    "dynamodb:Query", "events:PutEvents"),
            "HardwareCatalogFunction", Set.of("dynamodb:GetItem", "dynamodb:PutItem", "events:PutEvents"));

    static JsonNode resources() {
        Path template = Path.of("template.yaml");
        for (Path dir = Path.of("").toAbsolutePath(); !Files.exists(template) && dir != null; dir = dir.getParent()) {
            template = dir.resolve("template.yaml");
        }
        return CfnYaml.read(template).path("Resources");
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
            props.path("Events").forEach(event -> assertThat(event.path("Type").asText()).isIn("SQS", "Schedule"));
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
                assertThat(resource.toString()).as(function + " resource").doesNotContain("\"*\"");
                assertThat(resource.isTextual() && resource.asText().equals("*")).isFalse();
            }
            TreeSet<String> allowed = new TreeSet<>(USED.get(function));
            allowed.addAll(LOGS);
            allowed.addAll(SECRET);
            assertThat(actions).as(function + " actions").isSubsetOf(allowed).containsAll(USED.get(function))
                    .contains("secretsmanager:GetSecretValue").noneMatch(a -> a.contains("*"));
            System.out.println("ROBUST template: " + function + " -> " + actions);
        }
        System.out.println("ROBUST template: " + statements + " policy statements checked, none on Resource \"*\"");
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
