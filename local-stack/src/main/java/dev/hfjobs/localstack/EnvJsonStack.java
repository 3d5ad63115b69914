package dev.hfjobs.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.devstack.CreatedStack;
import dev.hfjobs.devstack.ResourceNames;
import dev.hfjobs.devstack.StackClients;
import dev.hfjobs.devstack.TemplateResources;
import dev.hfjobs.localinvoke.Overrides;
import dev.hfjobs.localinvoke.SamTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;

/**
 * The stack an env.json describes, made real: what template.yaml declares and the token secret,
 * created on moto under the names env.json gives the functions, and env.json with the actual
 * endpoints and names put in. When those are env.json's own (local-up on its default ports), the
 * env.json to use is the original file; otherwise a copy written to the work folder.
 *
 * @param stack       what was created
 * @param secretId    the token secret's name
 * @param envJsonFile the env.json that names this stack
 */
record EnvJsonStack(CreatedStack stack, String secretId, Path envJsonFile) {

    /** The stack name the sample events' ARNs use: events/sqs-batch.json's queue is {@code hf-jobs-submit}. */
    static final String STACK_NAME = "hf-jobs";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param endpoints  {@code AWS_ENDPOINT_URL} and {@code HF_ENDPOINT} as they really are
     * @param token      what the token secret holds
     * @param parameters template parameter values over the defaults (which resources a condition keeps)
     */
    static EnvJsonStack create(SamTemplate template, Path envJson, StackClients aws, Map<String, String> endpoints,
            String token, Path workDir, Map<String, String> parameters) {
        ResourceNames names = ResourceNames.fromEnvFile(template, Overrides.fromEnvFile(envJson), STACK_NAME);
        TemplateResources resources = new TemplateResources(template, aws).withParameters(parameters);
        CreatedStack stack = resources.create(names);
        String secretId = resources.createTokenSecret(names, token);
        createJobSecret(aws);
        Map<String, String> actual = new LinkedHashMap<>(endpoints);
        actual.put("HF_TOKEN_SECRET_ID", secretId);
        actual.putAll(stack.environment());
        ObjectNode original = read(envJson);
        ObjectNode pointed = pointedAt(original, actual);
        Path file = pointed.equals(original) ? envJson : write(pointed, workDir.resolve("env.json"));
        return new EnvJsonStack(stack, secretId, file);
    }

    /** The job secret {@code events/sqs-batch.json} refers to ({@code {"valueFrom": "hf-jobs/wandb"}}). */
    static final String JOB_SECRET_NAME = "hf-jobs/wandb";

    private static void createJobSecret(StackClients aws) {
        try {
            aws.secretsManager().createSecret(b -> b.name(JOB_SECRET_NAME)
                    .secretString("local-wandb-key-not-a-real-secret"));
        } catch (ResourceExistsException e) {
            // A moto_server kept from an earlier run already has it.
        }
    }

    /** The functions' overrides, as {@code local-invoke -n} reads {@link #envJsonFile}. */
    Overrides overrides() {
        return Overrides.fromEnvFile(envJsonFile);
    }

    /**
     * Each variable of {@code actual} replaced wherever env.json sets it (Parameters or a function's
     * entry); one env.json sets nowhere goes into Parameters, so every function still gets it.
     */
    static ObjectNode pointedAt(ObjectNode envJson, Map<String, String> actual) {
        ObjectNode pointed = envJson.deepCopy();
        Set<String> placed = new HashSet<>();
        pointed.properties().forEach(entry -> {
            if (entry.getValue() instanceof ObjectNode variables) {
                actual.forEach((name, value) -> {
                    if (variables.has(name)) {
                        variables.put(name, value);
                        placed.add(name);
                    }
                });
            }
        });
        ObjectNode parameters = pointed.has("Parameters") ? (ObjectNode) pointed.get("Parameters")
                : pointed.putObject("Parameters");
        actual.forEach((name, value) -> {
            if (!placed.contains(name)) {
                parameters.put(name, value);
            }
        });
        return pointed;
    }

    private static ObjectNode read(Path envJson) {
        try {
            JsonNode root = JSON.readTree(envJson.toFile());
            if (!(root instanceof ObjectNode object)) {
                throw new IllegalArgumentException(envJson + " must hold a JSON object");
            }
            return object;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + envJson, e);
        }
    }

    private static Path write(ObjectNode envJson, Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(envJson) + "\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
