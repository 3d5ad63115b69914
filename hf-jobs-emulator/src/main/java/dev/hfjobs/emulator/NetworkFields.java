package dev.hfjobs.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the fields huggingface_hub 2.0 added to a job spec: {@code expose}, {@code ssh},
 * {@code network}, {@code resourceGroupId} (and the older {@code arch}), noting every problem. The
 * limits are the ones run_job documents; the client itself checks none of them.
 */
final class NetworkFields {

    static final int MAX_PORT = 65_535;

    private static final Pattern GROUP = Pattern.compile("[a-z0-9-]{1,46}");
    private static final Pattern ALIAS = Pattern.compile("[a-z0-9-]{1,34}");

    private final JsonNode body;
    private final List<String> problems;

    /** @param problems where problems go; shared with the rest of the spec's reading */
    NetworkFields(JsonNode body, List<String> problems) {
        this.body = body;
        this.problems = problems;
    }

    Exposure exposure() {
        return new Exposure(ports(), ssh());
    }

    Placement placement() {
        return new Placement(network(), text("resourceGroupId"), text("arch"));
    }

    /** {@code {"ports": [1-65535, ...]}}, each port once. */
    private List<Integer> ports() {
        JsonNode expose = body.path("expose");
        if (absent(expose)) {
            return List.of();
        }
        JsonNode ports = expose.path("ports");
        if (!expose.isObject() || !ports.isArray()) {
            problems.add("expose must be {\"ports\": [...]}");
            return List.of();
        }
        List<Integer> valid = new ArrayList<>();
        ports.forEach(port -> {
            if (!port.isIntegralNumber() || port.asLong() < 1 || port.asLong() > MAX_PORT) {
                problems.add("expose.ports: " + port + " is not a port (an integer from 1 to " + MAX_PORT + ")");
            } else if (valid.contains(port.asInt())) {
                problems.add("expose.ports: " + port + " is listed twice");
            } else {
                valid.add(port.asInt());
            }
        });
        return valid;
    }

    /** {@code {"enabled": true|false}}. */
    private boolean ssh() {
        JsonNode ssh = body.path("ssh");
        if (absent(ssh)) {
            return false;
        }
        if (!ssh.isObject() || !ssh.path("enabled").isBoolean()) {
            problems.add("ssh must be {\"enabled\": true} or {\"enabled\": false}");
            return false;
        }
        return ssh.path("enabled").asBoolean();
    }

    /** {@code {"group", "aliases"?}}: a group of [a-z0-9-]{1,46}, unique aliases of [a-z0-9-]{1,34}. */
    private Optional<Placement.NetworkGroup> network() {
        JsonNode network = body.path("network");
        if (absent(network)) {
            return Optional.empty();
        }
        JsonNode group = network.path("group");
        if (!network.isObject() || !group.isTextual() || !GROUP.matcher(group.asText()).matches()) {
            problems.add("network.group must be 1 to 46 lowercase letters, digits or '-'");
            return Optional.empty();
        }
        return Optional.of(new Placement.NetworkGroup(group.asText(), aliases(network.path("aliases"))));
    }

    private List<String> aliases(JsonNode aliases) {
        if (absent(aliases)) {
            return List.of();
        }
        if (!aliases.isArray()) {
            problems.add("network.aliases must be a list of strings");
            return List.of();
        }
        List<String> valid = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        aliases.forEach(alias -> {
            if (!alias.isTextual() || !ALIAS.matcher(alias.asText()).matches()) {
                problems.add("network.aliases: " + alias + " must be 1 to 34 lowercase letters, digits or '-'");
            } else if (!seen.add(alias.asText())) {
                problems.add("network.aliases: '" + alias.asText() + "' is claimed twice");
            } else {
                valid.add(alias.asText());
            }
        });
        return valid;
    }

    private Optional<String> text(String field) {
        JsonNode node = body.path(field);
        if (absent(node)) {
            return Optional.empty();
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            problems.add(field + " must be a non-empty string");
            return Optional.empty();
        }
        return Optional.of(node.asText());
    }

    private static boolean absent(JsonNode node) {
        return node.isMissingNode() || node.isNull();
    }
}
