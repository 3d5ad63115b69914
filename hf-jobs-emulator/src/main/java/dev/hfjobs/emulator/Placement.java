package dev.hfjobs.emulator;

import java.util.List;
import java.util.Optional;

/**
 * Where a job runs beside others: its network group and the resource group it is billed to.
 *
 * @param network         the network group it joins, if any
 * @param resourceGroupId the resource group it is created in, if any
 * @param arch            the CPU architecture older clients sent; echoed, never checked
 */
record Placement(Optional<NetworkGroup> network, Optional<String> resourceGroupId, Optional<String> arch) {

    static final Placement NONE = new Placement(Optional.empty(), Optional.empty(), Optional.empty());

    /**
     * A network group: {@code {"group", "aliases"?}}.
     *
     * @param group   {@code [a-z0-9-]}, at most 46 characters
     * @param aliases each {@code [a-z0-9-]}, at most 34 characters, unique within the job; may be empty
     */
    record NetworkGroup(String group, List<String> aliases) {

        NetworkGroup {
            aliases = List.copyOf(aliases);
        }
    }
}
