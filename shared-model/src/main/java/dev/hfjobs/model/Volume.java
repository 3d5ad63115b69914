package dev.hfjobs.model;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;
import java.util.Set;

/**
 * A Hub repository or bucket mounted into the job's container. Read from camelCase or snake_case,
 * written in camelCase, optional keys only when set, in the reference client's order.
 *
 * @param type {@code bucket}, {@code model}, {@code dataset} or {@code space} (kept as sent when the
 *     Hub answers with a newer type)
 * @param source the repository or bucket id, e.g. {@code HuggingFaceFW/fineweb}
 * @param mountPath absolute path inside the container
 * @param revision branch, tag or commit, or null
 * @param readOnly whether the mount is read-only, or null for the Hub's default
 * @param path a folder inside the source to mount instead of its root, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "source", "mountPath", "revision", "readOnly", "path"})
public record Volume(
        String type,
        String source,
        @JsonAlias("mount_path") String mountPath,
        String revision,
        @JsonAlias("read_only") Boolean readOnly,
        String path) {

    /** The volume types the Hub documents. */
    public static final Set<String> TYPES = Set.of("bucket", "model", "dataset", "space");

    public Volume {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(mountPath, "mountPath");
    }
}
