package dev.hfjobs.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hfjobs.localinvoke.Overrides;
import dev.hfjobs.localinvoke.SamTemplate;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** {@link ResourceNames#fromEnvFile}: the names env.json tells the functions. */
final class EnvFileNames implements ResourceNames {

    private final SamTemplate template;
    private final Overrides envFile;
    private final String stackName;
    private final Values values;

    EnvFileNames(SamTemplate template, Overrides envFile, String stackName) {
        this.template = template;
        this.envFile = envFile;
        this.stackName = stackName;
        this.values = new Values(template, StackClients.REGION.id(), Optional.of(stackName), Map.of(), Map.of());
    }

    @Override
    public String physicalName(String logicalId) {
        return boundInEnvFile(logicalId).or(() -> declaredName(logicalId))
                .or(() -> template.parameterDefault(logicalId).filter(value -> !value.isBlank()))
                .orElseGet(() -> stackName + "-" + Names.kebab(Names.withoutTypeWord(logicalId)));
    }

    private Optional<String> boundInEnvFile(String logicalId) {
        return template.environmentReferences().entrySet().stream()
                .filter(binding -> binding.getValue().equals(logicalId))
                .flatMap(binding -> envFileValue(binding.getKey()).stream())
                .map(Names::lastPart).findFirst();
    }

    /** {@code Parameters} first, then any function's own entry. */
    private Optional<String> envFileValue(String variable) {
        return Stream.concat(Stream.of(envFile.globalEnv()), envFile.functionEnv().values().stream())
                .map(variables -> variables.get(variable))
                .filter(value -> value != null && !value.isBlank()).findFirst();
    }

    private Optional<String> declaredName(String logicalId) {
        for (Map.Entry<String, String> type : Names.NAME_PROPERTY.entrySet()) {
            JsonNode resource = template.resources(type.getKey()).get(logicalId);
            if (resource != null && resource.path("Properties").has(type.getValue())) {
                JsonNode name = resource.path("Properties").path(type.getValue());
                return values.tryResolve(name).filter(JsonNode::isValueNode).map(JsonNode::asText);
            }
        }
        return Optional.empty();
    }
}
