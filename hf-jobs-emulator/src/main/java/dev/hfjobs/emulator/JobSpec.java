package dev.hfjobs.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A validated job spec, as {@code POST /api/jobs/{ns}} and scheduled jobs carry it. Secret values
 * are never kept, only their names.
 *
 * @param image          the Docker image or Space
 * @param command        the command, never empty
 * @param arguments      the arguments
 * @param environment    the plain environment variables
 * @param secretNames    the names of the secret variables, in the order sent
 * @param flavor         a flavor of the catalog at creation time
 * @param timeoutSeconds the timeout, {@link JobSpecParser#DEFAULT_TIMEOUT_SECONDS} when none was sent
 * @param labels         the labels sent with the spec, the {@code name} label included
 * @param volumes        the volumes, as sent (validated)
 * @param exposure       exposed ports and SSH
 * @param placement      network group, resource group, architecture
 */
record JobSpec(Image image, List<String> command, List<String> arguments, Map<String, String> environment,
               List<String> secretNames, String flavor, long timeoutSeconds, Map<String, String> labels,
               List<JsonNode> volumes, Exposure exposure, Placement placement) {

    JobSpec {
        command = List.copyOf(command);
        arguments = List.copyOf(arguments);
        environment = OrderedMaps.copyOf(environment);
        secretNames = List.copyOf(secretNames);
        labels = OrderedMaps.copyOf(labels);
        volumes = volumes.stream().<JsonNode>map(JsonNode::deepCopy).toList();
    }

    JobSpec withLabels(Map<String, String> newLabels) {
        return new JobSpec(image, command, arguments, environment, secretNames, flavor, timeoutSeconds, newLabels,
                volumes, exposure, placement);
    }
}
