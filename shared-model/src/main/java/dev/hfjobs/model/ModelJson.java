package dev.hfjobs.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The JSON of the model types a submit carries, by hand: {@link JobSpec}, {@link Problem} and the
 * parts of a job an event shows ({@link JobDurations}, {@link JobNetwork}, {@link JobInitiator})
 * written; {@link JobInfo} and {@link Hardware} (and arrays of them) read and written. A cold start
 * then never builds Jackson's bean serializers and deserializers for them, which cost more than
 * the rest of its JSON together. The shape is the one the records' Jackson annotations declare,
 * field for field and in their order, and reading is as tolerant as the mapper's defaults
 * (aliases, scalars as text, numbers in text, secrets as an object or a list);
 * {@code ModelJsonTest} holds both to that against a mapper that binds by the annotations.
 */
final class ModelJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern EPOCH_SECONDS = Pattern.compile("-?([0-9]+\\.?[0-9]*|\\.[0-9]+)");
    private static final Pattern ZERO_OFFSET = Pattern.compile("\\+00:?(00)?$");

    private ModelJson() {}

    /** The value as a tree when it is one of the types handled here; null otherwise. */
    static JsonNode tree(Object value) {
        return switch (value) {
            case JobSpec spec -> spec(spec);
            case JobInfo job -> job(job);
            case Hardware hardware -> hardware(hardware);
            case Problem problem -> NODES.objectNode().put("field", problem.field()).put("rule", problem.rule());
            case JobDurations durations -> durations(durations);
            case JobNetwork network -> network(network);
            case JobInitiator initiator -> initiator(initiator);
            case Hardware[] flavors -> {
                ArrayNode array = NODES.arrayNode(flavors.length);
                for (Hardware flavor : flavors) {
                    array.add(flavor == null ? NODES.nullNode() : hardware(flavor));
                }
                yield array;
            }
            case null, default -> null;
        };
    }

    /** Whether {@link #read} handles {@code type}. */
    static boolean reads(Class<?> type) {
        return type == JobInfo.class || type == JobInfo[].class || type == Hardware.class
                || type == Hardware[].class;
    }

    /**
     * Reads {@code node} as {@code type}, one of those {@link #reads} names; null for a JSON null.
     *
     * @throws ModelException when the JSON does not fit the type
     */
    static <T> T read(JsonNode node, Class<T> type) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        // From here on node is present, so list() never answers null.
        try {
            Object value = type == JobInfo.class ? job(node)
                    : type == JobInfo[].class ? list(node, "JobInfo[]", ModelJson::job).toArray(JobInfo[]::new)
                    : type == Hardware.class ? hardware(node)
                    : list(node, "Hardware[]", ModelJson::hardware).toArray(Hardware[]::new);
            return type.cast(value);
        } catch (NullPointerException | IllegalArgumentException e) {
            // A record's own check: a required member missing, a null in a list.
            throw new ModelException("a value breaks the model's rules", e);
        }
    }

    /** Serializers and deserializers that make the mapper use the same code for these types. */
    static SimpleModule module() {
        SimpleModule module = new SimpleModule("hfjobs-model");
        module.addSerializer(JobSpec.class, new TreeSerializer<>(JobSpec.class));
        module.addSerializer(JobInfo.class, new TreeSerializer<>(JobInfo.class));
        module.addSerializer(Hardware.class, new TreeSerializer<>(Hardware.class));
        module.addSerializer(Problem.class, new TreeSerializer<>(Problem.class));
        module.addSerializer(JobDurations.class, new TreeSerializer<>(JobDurations.class));
        module.addSerializer(JobNetwork.class, new TreeSerializer<>(JobNetwork.class));
        module.addSerializer(JobInitiator.class, new TreeSerializer<>(JobInitiator.class));
        module.addDeserializer(JobInfo.class, new TreeDeserializer<>(JobInfo.class));
        module.addDeserializer(Hardware.class, new TreeDeserializer<>(Hardware.class));
        return module;
    }

    private static final class TreeSerializer<T> extends StdSerializer<T> {
        TreeSerializer(Class<T> type) {
            super(type);
        }

        @Override
        public void serialize(T value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            Wire.writeTree(generator, tree(value));
        }
    }

    private static final class TreeDeserializer<T> extends StdDeserializer<T> {
        private final Class<T> type;

        TreeDeserializer(Class<T> type) {
            super(type);
            this.type = type;
        }

        @Override
        public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            return read(context.readTree(parser), type);
        }
    }

    // ---- writing, in each record's annotated order and inclusion ----

    private static ObjectNode spec(JobSpec spec) {
        ObjectNode node = NODES.objectNode();
        node.set("command", texts(spec.command()));
        node.set("arguments", texts(spec.arguments()));
        node.set("environment", texts(spec.environment()));
        node.put("flavor", spec.flavor());
        if (!spec.secrets().isEmpty()) {
            node.set("secrets", texts(spec.secrets()));
        }
        if (spec.timeoutSeconds() != null) {
            node.put("timeoutSeconds", spec.timeoutSeconds());
        }
        if (!spec.labels().isEmpty()) {
            node.set("labels", texts(spec.labels()));
        }
        if (!spec.volumes().isEmpty()) {
            node.set("volumes", volumes(spec.volumes()));
        }
        if (spec.expose() != null) {
            ArrayNode ports = node.putObject("expose").putArray("ports");
            spec.expose().ports().forEach(ports::add);
        }
        if (spec.ssh() != null) {
            node.putObject("ssh").put("enabled", spec.ssh().enabled());
        }
        if (spec.network() != null) {
            node.set("network", network(spec.network()));
        }
        putIfSet(node, "resourceGroupId", spec.resourceGroupId());
        putIfSet(node, "dockerImage", spec.dockerImage());
        putIfSet(node, "spaceId", spec.spaceId());
        return node;
    }

    private static ObjectNode job(JobInfo job) {
        ObjectNode node = NODES.objectNode();
        node.put("id", job.id());
        node.put("createdAt", instant(job.createdAt()));
        node.put("startedAt", instant(job.startedAt()));
        node.put("finishedAt", instant(job.finishedAt()));
        node.put("dockerImage", job.dockerImage());
        node.put("spaceId", job.spaceId());
        node.set("command", texts(job.command()));
        node.set("arguments", texts(job.arguments()));
        node.set("environment", texts(job.environment()));
        node.set("secrets", texts(job.secrets()));
        node.put("flavor", job.flavor());
        node.set("labels", texts(job.labels()));
        node.set("volumes", volumes(job.volumes()));
        if (job.timeoutSeconds() != null) {
            node.put("timeoutSeconds", job.timeoutSeconds());
        }
        ObjectNode status = node.putObject("status");
        status.put("stage", job.status().stage().value());
        status.put("message", job.status().message());
        if (!job.status().exposeUrls().isEmpty()) {
            status.set("exposeUrls", texts(job.status().exposeUrls()));
        }
        putIfSet(status, "sshUrl", job.status().sshUrl());
        if (job.durations() != null) {
            node.set("durations", durations(job.durations()));
        }
        if (job.owner() == null) {
            node.putNull("owner");
        } else {
            node.putObject("owner").put("id", job.owner().id()).put("name", job.owner().name())
                    .put("type", job.owner().type());
        }
        if (job.initiator() != null) {
            node.set("initiator", initiator(job.initiator()));
        }
        if (job.network() != null) {
            node.set("network", network(job.network()));
        }
        return node;
    }

    private static ObjectNode durations(JobDurations durations) {
        ObjectNode node = NODES.objectNode();
        putIfSet(node, "schedulingSecs", durations.schedulingSecs());
        putIfSet(node, "runningSecs", durations.runningSecs());
        putIfSet(node, "totalSecs", durations.totalSecs());
        return node;
    }

    private static ObjectNode initiator(JobInitiator initiator) {
        ObjectNode node = NODES.objectNode().put("type", initiator.type()).put("id", initiator.id());
        putIfSet(node, "name", initiator.name());
        return node;
    }

    private static ObjectNode hardware(Hardware flavor) {
        ObjectNode node = NODES.objectNode();
        node.put("name", flavor.name());
        node.put("prettyName", flavor.prettyName());
        node.put("cpu", flavor.cpu());
        node.put("ram", flavor.ram());
        putIfSet(node, "ephemeralStorage", flavor.ephemeralStorage());
        Accelerator accelerator = flavor.accelerator();
        if (accelerator == null) {
            node.putNull("accelerator");
        } else {
            node.putObject("accelerator").put("type", accelerator.type()).put("model", accelerator.model())
                    .put("quantity", accelerator.quantity()).put("vram", accelerator.vram())
                    .put("manufacturer", accelerator.manufacturer());
        }
        node.put("unitCostMicroUSD", flavor.unitCostMicroUSD());
        // As given: 0.000167 stays 0.000167, and 0.50 is not trimmed to 0.5.
        node.set("unitCostUSD", flavor.unitCostUSD() == null ? NODES.nullNode()
                : DecimalNode.valueOf(flavor.unitCostUSD()));
        node.put("unitLabel", flavor.unitLabel());
        return node;
    }

    private static ArrayNode volumes(List<Volume> volumes) {
        ArrayNode array = NODES.arrayNode(volumes.size());
        for (Volume volume : volumes) {
            ObjectNode node = array.addObject();
            node.put("type", volume.type());
            node.put("source", volume.source());
            node.put("mountPath", volume.mountPath());
            putIfSet(node, "revision", volume.revision());
            if (volume.readOnly() != null) {
                node.put("readOnly", volume.readOnly());
            }
            putIfSet(node, "path", volume.path());
        }
        return array;
    }

    private static ObjectNode network(JobNetwork network) {
        ObjectNode node = NODES.objectNode().put("group", network.group());
        if (!network.aliases().isEmpty()) {
            node.set("aliases", texts(network.aliases()));
        }
        return node;
    }

    private static ArrayNode texts(List<String> items) {
        ArrayNode array = NODES.arrayNode(items.size());
        items.forEach(array::add);
        return array;
    }

    private static ObjectNode texts(Map<String, String> map) {
        ObjectNode node = NODES.objectNode();
        map.forEach(node::put);
        return node;
    }

    private static void putIfSet(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }

    private static void putIfSet(ObjectNode node, String name, Long value) {
        if (value != null) {
            node.put(name, value);
        }
    }

    private static String instant(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    // ---- reading, as tolerant as the mapper's defaults ----

    private static JobInfo job(JsonNode node) {
        JsonNode object = object(node, "JobInfo");
        JsonNode status = field(object, "status");
        JsonNode durations = field(object, "durations");
        JsonNode owner = field(object, "owner");
        JsonNode initiator = field(object, "initiator");
        JsonNode network = field(object, "network");
        return new JobInfo(
                text(object, "id"),
                instant(object, "createdAt", "created_at"),
                instant(object, "startedAt", "started_at"),
                instant(object, "finishedAt", "finished_at"),
                text(object, "dockerImage", "docker_image"),
                text(object, "spaceId", "space_id"),
                textList(field(object, "command"), "command"),
                textList(field(object, "arguments"), "arguments"),
                textMap(field(object, "environment"), "environment"),
                SecretsJson.names(field(object, "secrets")),
                text(object, "flavor"),
                textMap(field(object, "labels"), "labels"),
                list(field(object, "volumes"), "volumes", ModelJson::volume),
                whole(object, "timeoutSeconds", "timeout_seconds"),
                status == null ? null : new JobStatus(
                        stage(field(object(status, "status"), "stage")),
                        text(status, "message"),
                        textList(field(status, "exposeUrls", "expose_urls"), "exposeUrls"),
                        text(status, "sshUrl", "ssh_url")),
                durations == null ? null : new JobDurations(
                        whole(object(durations, "durations"), "schedulingSecs", "scheduling_secs"),
                        whole(durations, "runningSecs", "running_secs"),
                        whole(durations, "totalSecs", "total_secs")),
                owner == null ? null : new JobOwner(text(object(owner, "owner"), "id"), text(owner, "name"),
                        text(owner, "type")),
                initiator == null ? null : new JobInitiator(text(object(initiator, "initiator"), "type"),
                        text(initiator, "id"), text(initiator, "name")),
                network == null ? null : new JobNetwork(text(object(network, "network"), "group"),
                        textList(field(network, "aliases"), "aliases")));
    }

    private static Hardware hardware(JsonNode node) {
        JsonNode object = object(node, "Hardware");
        JsonNode accelerator = field(object, "accelerator");
        Long micro = whole(object, "unitCostMicroUSD", "unit_cost_micro_usd");
        return new Hardware(
                text(object, "name"),
                text(object, "prettyName", "pretty_name"),
                text(object, "cpu"),
                text(object, "ram"),
                text(object, "ephemeralStorage", "ephemeral_storage"),
                accelerator == null ? null : new Accelerator(text(object(accelerator, "accelerator"), "type"),
                        text(accelerator, "model"), text(accelerator, "quantity"), text(accelerator, "vram"),
                        text(accelerator, "manufacturer")),
                micro == null ? 0 : micro,
                decimal(object, "unitCostUSD", "unit_cost_usd"),
                text(object, "unitLabel", "unit_label"));
    }

    private static Volume volume(JsonNode node) {
        JsonNode object = object(node, "volume");
        JsonNode readOnly = field(object, "readOnly", "read_only");
        return new Volume(text(object, "type"), text(object, "source"), text(object, "mountPath", "mount_path"),
                text(object, "revision"), readOnly == null ? null : bool(readOnly, "readOnly"), text(object, "path"));
    }

    private static JobStage stage(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (!node.isTextual()) {
            // JobStage is made from text only (its creator takes a String): a number is refused.
            throw new ModelException("stage: expected text, got " + node.getNodeType());
        }
        return JobStage.of(node.textValue());
    }

    private static JsonNode object(JsonNode node, String what) {
        if (!node.isObject()) {
            throw new ModelException(what + ": expected an object, got " + node.getNodeType());
        }
        return node;
    }

    /** The member under {@code name}, else under {@code alias}; null when absent or JSON null. */
    private static JsonNode field(JsonNode object, String name, String... aliases) {
        JsonNode value = object.get(name);
        for (int i = 0; value == null && i < aliases.length; i++) {
            value = object.get(aliases[i]);
        }
        return value == null || value.isNull() ? null : value;
    }

    private static String text(JsonNode object, String name, String... aliases) {
        JsonNode value = field(object, name, aliases);
        return value == null ? null : scalar(value, name);
    }

    /** A scalar as text, as the mapper coerces one into a String; an object or an array is refused. */
    private static String scalar(JsonNode value, String what) {
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isValueNode()) {
            return value.asText();
        }
        throw new ModelException(what + ": expected text, got " + value.getNodeType());
    }

    /** A whole number; a number in text and a fraction (cut) too, as the mapper reads a Long. */
    private static Long whole(JsonNode object, String name, String... aliases) {
        JsonNode value = field(object, name, aliases);
        if (value == null) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value.isFloatingPointNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value.isTextual()) {
            String text = value.textValue().strip();
            if (text.isEmpty()) {
                return null;
            }
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new ModelException(name + ": not a whole number", e);
            }
        }
        throw new ModelException(name + ": expected a whole number, got " + value.getNodeType());
    }

    private static BigDecimal decimal(JsonNode object, String name, String... aliases) {
        JsonNode value = field(object, name, aliases);
        if (value == null) {
            return null;
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isTextual()) {
            String text = value.textValue().strip();
            if (text.isEmpty()) {
                return null;
            }
            try {
                return new BigDecimal(text);
            } catch (NumberFormatException e) {
                throw new ModelException(name + ": not a number", e);
            }
        }
        throw new ModelException(name + ": expected a number, got " + value.getNodeType());
    }

    private static Boolean bool(JsonNode value, String what) {
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual()) {
            // As the mapper reads text into a Boolean: three spellings each, and null for "" or "null".
            String text = value.textValue().trim();
            switch (text) {
                case "true", "True", "TRUE" -> {
                    return true;
                }
                case "false", "False", "FALSE" -> {
                    return false;
                }
                case "", "null" -> {
                    return null;
                }
                default -> throw new ModelException(what + ": expected true or false");
            }
        }
        if (value.isIntegralNumber()) {
            return value.longValue() != 0;
        }
        throw new ModelException(what + ": expected true or false, got " + value.getNodeType());
    }

    /**
     * An instant as the mapper's time module reads one: ISO-8601 with {@code Z} or an offset (a zero
     * offset also as {@code +0000} or {@code +00}); epoch seconds as a number or as text, with a
     * fraction or not; empty text is null.
     */
    private static Instant instant(JsonNode object, String name, String alias) {
        JsonNode value = field(object, name, alias);
        if (value == null) {
            return null;
        }
        if (value.isNumber()) {
            return epochSeconds(value.decimalValue());
        }
        if (!value.isTextual()) {
            throw new ModelException(name + ": expected a timestamp, got " + value.getNodeType());
        }
        String text = value.textValue().trim();
        if (text.isEmpty()) {
            return null;
        }
        if (EPOCH_SECONDS.matcher(text).matches()) {
            return epochSeconds(new BigDecimal(text));
        }
        try {
            return Instant.parse(ZERO_OFFSET.matcher(text).replaceFirst("Z"));
        } catch (DateTimeParseException e) {
            // Not chained: the parser's message quotes the text.
            throw new ModelException(name + ": not an ISO-8601 timestamp");
        }
    }

    private static Instant epochSeconds(BigDecimal seconds) {
        long nanos = seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue();
        return Instant.ofEpochSecond(seconds.longValue(), nanos);
    }

    private static List<String> textList(JsonNode value, String what) {
        return list(value, what, item -> item.isNull() ? null : scalar(item, what));
    }

    private static <T> List<T> list(JsonNode value, String what, Function<JsonNode, T> item) {
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            throw new ModelException(what + ": expected an array, got " + value.getNodeType());
        }
        List<T> items = new ArrayList<>(value.size());
        for (JsonNode element : value) {
            items.add(element.isNull() ? null : item.apply(element));
        }
        return items;
    }

    private static Map<String, String> textMap(JsonNode value, String what) {
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            throw new ModelException(what + ": expected an object, got " + value.getNodeType());
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            map.put(entry.getKey(), entry.getValue().isNull() ? null : scalar(entry.getValue(), what));
        }
        return map;
    }
}
