package dev.hfjobs.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The network group a job joins and the aliases it claims there: {@code network} in a job spec and in
 * a job as the Hub describes it. Jobs of one namespace (and resource group) in the same group reach
 * each other on every port.
 *
 * <p>Written as {@code {"group", "aliases"?}}, aliases only when there are some, as huggingface_hub
 * sends it. Read tolerantly: a {@code network} without a group is dropped by {@link JobSpec} and
 * {@link JobInfo} (the reference client reads an empty one as none).
 *
 * @param group the group's name, {@code [a-z0-9-]}, at most 46 characters when we validated it
 * @param aliases the aliases claimed in the group, in order; empty when none
 */
@JsonPropertyOrder({"group", "aliases"})
public record JobNetwork(
        String group,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> aliases) {

    public JobNetwork {
        aliases = Collections2.nonNullCopy(aliases);
    }

    /** This network, or null when it has no group (what the Hub and the reference treat as none). */
    static JobNetwork orNull(JobNetwork network) {
        return network == null || network.group() == null || network.group().isEmpty() ? null : network;
    }
}
