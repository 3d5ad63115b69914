package dev.hfjobs.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.Deadline;
import dev.hfjobs.hub.HfJobsClient;
import dev.hfjobs.hub.HubError;
import dev.hfjobs.hub.HubResult;
import dev.hfjobs.model.JobInfo;
import dev.hfjobs.model.JobRequests;
import dev.hfjobs.model.ModelException;
import dev.hfjobs.model.ScheduledJobInfo;
import dev.hfjobs.model.Validated;
import dev.hfjobs.model.Wire;
import dev.hfjobs.model.WireSpecs;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Label replacements that keep the project's own labels: a caller's labels replace the caller's
 * (the Hub replaces all of them), and the {@code hfjobs-} ones the job already carries (tracking,
 * source) are sent again with them, so the poller keeps finding the job. A caller may send those
 * back as it read them (huggingface_hub's {@code hf jobs labels --name} re-sends every label it
 * read), but never change them.
 */
final class LabelUpdates {
    private LabelUpdates() {}

    /**
     * A label update's body: the caller's labels, validated, and the project's ones it echoed.
     *
     * @param labels the labels that replace the caller's
     * @param echoed {@code hfjobs-} labels in the body, which must equal the job's own
     */
    record Change(Map<String, String> labels, Map<String, String> echoed) {}

    /** The body {@code {"labels": {...}}}, or every problem found in it. */
    static Validated<Change> parse(String body) throws ModelException {
        JsonNode json = Wire.parse(body);
        Map<String, String> echoed = new LinkedHashMap<>();
        if (json instanceof ObjectNode object && object.get("labels") instanceof ObjectNode labels) {
            ObjectNode mine = labels.deepCopy();
            labels.properties().forEach(e -> {
                if (e.getKey().startsWith(JobRequests.RESERVED_LABEL_PREFIX) && e.getValue().isTextual()) {
                    echoed.put(e.getKey(), e.getValue().textValue());
                    mine.remove(e.getKey());
                }
            });
            json = object.deepCopy().set("labels", mine);
        }
        return WireSpecs.parseLabels(json).map(labels -> new Change(labels, echoed));
    }

    /** Replaces a job's labels; reads it first for its {@code hfjobs-} labels. */
    static HubResult<JobInfo> job(HfJobsClient hub, String ns, String id, Change change, Deadline deadline) {
        return switch (hub.inspectJob(ns, id, deadline)) {
            case HubResult.Failed<JobInfo> failed -> failed;
            case HubResult.Ok<JobInfo> ok -> merged(change, ok.value().labels()).<HubResult<JobInfo>>map(
                    labels -> hub.replaceLabels(ns, id, labels, deadline)).orElseGet(() -> changed(change));
        };
    }

    /** Replaces a scheduled job's labels, keeping its {@code hfjobs-} ones (what the jobs it starts carry). */
    static HubResult<ScheduledJobInfo> scheduled(HfJobsClient hub, String ns, String id, Change change,
            Deadline deadline) {
        return switch (hub.inspectScheduledJob(ns, id, deadline)) {
            case HubResult.Failed<ScheduledJobInfo> failed -> failed;
            case HubResult.Ok<ScheduledJobInfo> ok -> merged(change, ok.value().jobSpec() == null ? Map.of()
                    : ok.value().jobSpec().labels()).<HubResult<ScheduledJobInfo>>map(labels ->
                    hub.replaceScheduledLabels(ns, id, labels, deadline)).orElseGet(() -> changed(change));
        };
    }

    /** The caller's labels and the project's current ones; empty when the caller changed one of those. */
    static Optional<Map<String, String>> merged(Change change, Map<String, String> current) {
        Map<String, String> labels = new LinkedHashMap<>(change.labels());
        current.forEach((key, value) -> {
            if (key.startsWith(JobRequests.RESERVED_LABEL_PREFIX)) {
                labels.put(key, value);
            }
        });
        boolean untouched = change.echoed().entrySet().stream()
                .allMatch(e -> e.getValue().equals(current.get(e.getKey())));
        return untouched ? Optional.of(labels) : Optional.empty();
    }

    private static <T> HubResult<T> changed(Change change) {
        String key = change.echoed().keySet().iterator().next();
        return new HubResult.Failed<>(new HubError.InvalidArgument("labels." + key, "keys starting with '"
                + JobRequests.RESERVED_LABEL_PREFIX + "' are the project's tracking labels: send them back as "
                + "read, or leave them out"));
    }

}
