package dev.hfjobs.devstack;

import dev.hfjobs.localinvoke.Overrides;
import dev.hfjobs.localinvoke.SamTemplate;
import java.util.UUID;

/**
 * The physical name a created resource gets, by logical id (the template's own names, such as a
 * table's {@code TableName}, give way to it). Two namings come with dev-stack:
 *
 * <ul>
 *   <li>{@link #unique}: for tests, where many stacks share one moto_server and stay apart by name;</li>
 *   <li>{@link #fromEnvFile}: for local-up, the names env.json already tells the functions.</li>
 * </ul>
 *
 * <p>Logical ids of parameters get names too: {@code HfTokenSecretId} names the token secret.
 */
@FunctionalInterface
public interface ResourceNames {

    /** @return the name for {@code logicalId}: valid for any resource type dev-stack creates (at most 80 characters) */
    String physicalName(String logicalId);

    /**
     * Names unique within this JVM and very likely across JVMs: {@code prefix-N-random-logical-id},
     * e.g. {@code t-7-3f9a1c2e-jobs-table}; one stem for every resource of the stack, so they read as one.
     */
    static ResourceNames unique(String prefix) {
        String random = UUID.randomUUID().toString().substring(0, 8);
        String stem = prefix + "-" + Names.COUNTER.incrementAndGet() + "-" + random;
        return logicalId -> stem + "-" + Names.kebab(logicalId);
    }

    /**
     * The names an env.json gives the functions, so the stack matches it. For each logical id, the first of:
     *
     * <ol>
     *   <li>the env.json value of a variable the template binds to it with {@code !Ref} (a URL or ARN gives its
     *       last part: {@code SUBMIT_DLQ_URL} {@code .../123456789012/hf-jobs-submit-dlq} names the dead-letter
     *       queue {@code hf-jobs-submit-dlq});</li>
     *   <li>the template's own name for it ({@code Name: !Ref EventBusName}, {@code LogGroupName: !Sub
     *       /aws/lambda/${AWS::StackName}-ApiFunction}), with {@code AWS::StackName} = {@code stackName};</li>
     *   <li>a parameter's default value (for {@code HfTokenSecretId});</li>
     *   <li>{@code stackName-} and the logical id in kebab case without its type word: {@code SubmitQueue} in
     *       stack {@code hf-jobs} is {@code hf-jobs-submit}.</li>
     * </ol>
     */
    static ResourceNames fromEnvFile(SamTemplate template, Overrides envFile, String stackName) {
        return new EnvFileNames(template, envFile, stackName);
    }
}
