package dev.hfjobs.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the {@code volumes} of a request: camelCase or snake_case keys, every problem reported. */
final class Volumes {
    private static final Set<String> KEYS =
            Set.of("type", "source", "mountPath", "mount_path", "revision", "readOnly", "read_only", "path");
    private static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9][\\w.-]{0,95}(/[\\w.-]{1,96})?");
    private static final Pattern MOUNT_PATH = Pattern.compile("/[^\\x00-\\x1f\\x7f]{0,1023}");

    private Volumes() {}

    static List<Volume> read(JsonNode node, String field, Problems problems) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            problems.add(field, "must be a list of {type, source, mountPath} objects");
            return List.of();
        }
        List<Volume> volumes = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            Volume volume = volume(node.get(i), field + "[" + i + "]", problems);
            if (volume != null) {
                volumes.add(volume);
            }
        }
        return volumes;
    }

    private static Volume volume(JsonNode node, String at, Problems problems) {
        if (!node.isObject()) {
            problems.add(at, "must be an object with type, source and mountPath");
            return null;
        }
        int before = problems.size();
        node.fieldNames().forEachRemaining(key -> {
            if (!KEYS.contains(key)) {
                problems.add(at + "." + Fields.printable(key), "is not a volume field (type, source, mountPath, "
                        + "revision, readOnly, path)");
            }
        });
        String type = Fields.requiredText(node.get("type"), at + ".type", problems);
        if (type != null && !Volume.TYPES.contains(type)) {
            problems.add(at + ".type", "must be one of bucket, model, dataset, space");
        }
        String source = Fields.requiredText(node.get("source"), at + ".source", problems);
        if (source != null && !SOURCE.matcher(source).matches()) {
            problems.add(at + ".source", "must be a repository or bucket id such as owner/name");
        }
        String mountPath = mountPath(node, at, problems);
        String revision = optionalText(node.get("revision"), at + ".revision", problems);
        Boolean readOnly = readOnly(node, at, problems);
        String path = subPath(node.get("path"), at + ".path", problems);
        return problems.size() > before ? null
                : new Volume(type, source, mountPath, revision, readOnly, path);
    }

    private static String mountPath(JsonNode node, String at, Problems problems) {
        JsonNode camel = node.get("mountPath");
        JsonNode snake = node.get("mount_path");
        if (camel != null && snake != null) {
            problems.add(at + ".mountPath", "give mountPath or mount_path, not both");
            return null;
        }
        String field = at + ".mountPath";
        String value = Fields.requiredText(camel != null ? camel : snake, field, problems);
        if (value != null && (!MOUNT_PATH.matcher(value).matches() || hasDotSegment(value)
                || !Fields.isWellFormed(value))) {
            problems.add(field, "must be an absolute path inside the container (starting with '/', no '..')");
        }
        return value;
    }

    private static Boolean readOnly(JsonNode node, String at, Problems problems) {
        JsonNode camel = node.get("readOnly");
        JsonNode snake = node.get("read_only");
        if (camel != null && snake != null) {
            problems.add(at + ".readOnly", "give readOnly or read_only, not both");
            return null;
        }
        JsonNode value = camel != null ? camel : snake;
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            problems.add(at + ".readOnly", "must be true or false");
            return null;
        }
        return value.booleanValue();
    }

    private static String optionalText(JsonNode node, String field, Problems problems) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || node.textValue().isBlank() || node.textValue().length() > 256
                || node.textValue().chars().anyMatch(Character::isISOControl)
                || !Fields.isWellFormed(node.textValue())) {
            problems.add(field, "must be a non-empty string of at most 256 characters");
            return null;
        }
        return node.textValue();
    }

    private static String subPath(JsonNode node, String field, Problems problems) {
        String value = optionalText(node, field, problems);
        if (value != null && (value.startsWith("/") || hasDotSegment(value))) {
            problems.add(field, "must be a relative folder inside the source (no leading '/', no '..')");
            return null;
        }
        return value;
    }

    private static boolean hasDotSegment(String path) {
        for (String segment : path.split("/")) {
            if (segment.equals("..")) {
                return true;
            }
        }
        return false;
    }
}
