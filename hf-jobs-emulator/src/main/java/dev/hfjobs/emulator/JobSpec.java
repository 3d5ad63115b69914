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
 * @param labels         the labels sent with the spec
 * @param volumes        the volumes, as sent (validated)
 * @param extras         the newer fields echoed as sent: expose, ssh, network, resourceGroupId, arch
 */
record JobSpec(Image image, List<String> command, List<String> arguments, Map<String, String> environment,
               List<String> secretNames, String flavor, long timeoutSeconds, Map<String, String> labels,
               List<JsonNode> volumes, Map<String, JsonNode> extras) {

    JobSpec {
        command = List.copyOf(command);
        arguments = List.copyOf(arguments);
        environment = OrderedMaps.copyOf(environment);
        secretNames = List.copyOf(secretNames);
        labels = OrderedMaps.copyOf(labels);
        volumes = volumes.stream().<JsonNode>map(JsonNode::deepCopy).toList();
        extras = OrderedMaps.copyOf(extras);
    }

    JobSpec withLabels(Map<String, String> newLabels) {
        return new JobSpec(image, command, arguments, environment, secretNames, flavor, timeoutSeconds, newLabels,
                volumes, extras);
    }
}
