package dev.hfjobs.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The Hub's camelCase JSON for jobs, scheduled jobs, hardware and whoami. */
final class WireFormat {

    private WireFormat() {
    }

    /** @return a job as GET /api/jobs/{ns}/{id} answers it at {@code now} */
    static ObjectNode job(JobRecord job, Instant now) {
        ObjectNode node = Json.object().put("id", job.id()).put("createdAt", Json.timestamp(job.createdAt()));
        Json.putTimestamp(node, "startedAt", job.startedAt());
        Json.putTimestamp(node, "finishedAt", job.finishedAt());
        putSpec(node, job.spec(), job.labels());
        node.set("status", status(job));
        node.set("durations", durations(job, now));
        node.set("owner", owner(job.owner()));
        node.set("initiator", initiator(job.initiator()));
        node.set("network", job.spec().placement().network().<JsonNode>map(WireFormat::network)
                .orElse(NullNode.getInstance()));
        return node;
    }

    /** @return the jobSpec of a scheduled job, secrets redacted */
    static ObjectNode spec(JobSpec spec) {
        ObjectNode node = Json.object();
        putSpec(node, spec, spec.labels());
        spec.placement().network().ifPresent(group -> node.set("network", network(group)));
        return node;
    }

    private static void putSpec(ObjectNode node, JobSpec spec, Map<String, String> labels) {
        switch (spec.image()) {
            case Image.Docker(String reference) -> node.put("dockerImage", reference).putNull("spaceId");
            case Image.Space(String id) -> node.putNull("dockerImage").put("spaceId", id);
        }
        node.set("command", Json.strings(spec.command()));
        node.set("arguments", Json.strings(spec.arguments()));
        node.set("environment", Json.stringMap(spec.environment()));
        ObjectNode secrets = node.putObject("secrets");
        spec.secretNames().forEach(secrets::putNull);
        node.put("flavor", spec.flavor()).put("timeoutSeconds", spec.timeoutSeconds());
        node.set("labels", Json.stringMap(labels));
        ArrayNode volumes = node.putArray("volumes");
        spec.volumes().forEach(volume -> volumes.add(volume.deepCopy()));
        Exposure exposure = spec.exposure();
        if (!exposure.ports().isEmpty()) {
            ArrayNode ports = node.putObject("expose").putArray("ports");
            exposure.ports().forEach(ports::add);
        }
        if (exposure.ssh()) {
            node.putObject("ssh").put("enabled", true);
        }
        spec.placement().resourceGroupId().ifPresent(group -> node.put("resourceGroupId", group));
        spec.placement().arch().ifPresent(arch -> node.put("arch", arch));
    }

    /** exposeUrls is null without exposed ports; sshUrl is there only with SSH. */
    private static ObjectNode status(JobRecord job) {
        ObjectNode status = Json.object().put("stage", job.stage());
        job.message().ifPresentOrElse(message -> status.put("message", message), () -> status.putNull("message"));
        List<Integer> ports = job.spec().exposure().ports();
        if (ports.isEmpty()) {
            status.putNull("exposeUrls");
        } else {
            ArrayNode urls = status.putArray("exposeUrls");
            ports.forEach(port -> urls.add("https://" + job.id() + "--" + port + ".hf.jobs"));
        }
        if (job.spec().exposure().ssh()) {
            status.put("sshUrl", "ssh://" + job.id() + "@ssh.hf.jobs");
        }
        return status;
    }

    private static ObjectNode network(Placement.NetworkGroup group) {
        ObjectNode node = Json.object().put("group", group.group());
        node.set("aliases", Json.strings(group.aliases()));
        return node;
    }

    private static ObjectNode durations(JobRecord job, Instant now) {
        Instant end = job.finishedAt().orElse(now);
        ObjectNode durations = Json.object();
        putSeconds(durations, "schedulingSecs", job.startedAt().map(start -> seconds(job.createdAt(), start)));
        putSeconds(durations, "runningSecs", job.startedAt().map(start -> seconds(start, end)));
        durations.put("totalSecs", seconds(job.createdAt(), end));
        return durations;
    }

    private static void putSeconds(ObjectNode node, String field, Optional<Long> seconds) {
        seconds.ifPresentOrElse(value -> node.put(field, value), () -> node.putNull(field));
    }

    private static long seconds(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toSeconds());
    }

    static ObjectNode owner(Owner owner) {
        return Json.object().put("id", owner.id()).put("name", owner.name()).put("type", owner.type());
    }

    private static ObjectNode initiator(Initiator initiator) {
        ObjectNode node = Json.object().put("type", initiator.type()).put("id", initiator.id());
        initiator.name().ifPresent(name -> node.put("name", name));
        return node;
    }

    /** @return a scheduled job; nextJobRunAt is null while it is suspended */
    static ObjectNode scheduledJob(ScheduledRecord record) {
        ObjectNode node = Json.object().put("id", record.id()).put("createdAt", Json.timestamp(record.createdAt()))
                .put("schedule", record.schedule().expression()).put("suspend", record.suspend())
                .put("concurrency", record.concurrency());
        node.set("jobSpec", spec(record.spec()));
        ObjectNode status = node.putObject("status");
        record.lastJob().ifPresentOrElse(
                last -> status.putObject("lastJob").put("id", last.id()).put("at", Json.timestamp(last.at())),
                () -> status.putNull("lastJob"));
        Json.putTimestamp(status, "nextJobRunAt", record.nextRunAt().filter(next -> !record.suspend()));
        node.set("owner", owner(record.owner()));
        return node;
    }

    static ArrayNode hardware(List<Hardware> catalog) {
        ArrayNode array = Json.array();
        catalog.forEach(flavor -> array.add(hardware(flavor)));
        return array;
    }

    private static ObjectNode hardware(Hardware flavor) {
        ObjectNode node = Json.object().put("name", flavor.name()).put("prettyName", flavor.prettyName())
                .put("cpu", flavor.cpu()).put("ram", flavor.ram());
        flavor.ephemeralStorage().ifPresent(storage -> node.put("ephemeralStorage", storage));
        flavor.accelerator().ifPresentOrElse(gpu -> node.putObject("accelerator").put("type", gpu.type())
                        .put("model", gpu.model()).put("quantity", gpu.quantity()).put("vram", gpu.vram())
                        .put("manufacturer", gpu.manufacturer()),
                () -> node.putNull("accelerator"));
        return node.put("unitCostMicroUSD", flavor.unitCostMicroUSD()).put("unitCostUSD", flavor.unitCostUSD())
                .put("unitLabel", flavor.unitLabel());
    }

    /** @return what GET /api/whoami-v2 answers for a user, in the Hub's shape */
    static ObjectNode whoami(Member member) {
        Owner user = member.user();
        ObjectNode node = Json.object().put("type", "user").put("id", user.id()).put("name", user.name())
                .put("fullname", user.name()).put("email", user.name() + "@example.com").put("emailVerified", true)
                .put("canPay", true).put("isPro", true).putNull("periodEnd")
                .put("avatarUrl", "/avatars/" + user.id() + ".svg");
        ArrayNode orgs = node.putArray("orgs");
        member.orgs().forEach(org -> orgs.add(Json.object().put("type", "org").put("id", org.id())
                .put("name", org.name()).put("fullname", org.name()).put("canPay", true).putNull("periodEnd")
                .put("avatarUrl", "/avatars/" + org.id() + ".svg").put("roleInOrg", "write")
                .put("isEnterprise", false)));
        node.putObject("auth").put("type", "access_token").putObject("accessToken")
                .put("displayName", "hf-jobs-emulator").put("role", "write");
        return node;
    }
}
