package dev.hfjobs.api;

import dev.hfjobs.Deadline;
import dev.hfjobs.hub.HfJobsClient;
import dev.hfjobs.hub.HubResult;
import dev.hfjobs.model.JobInfo;
import dev.hfjobs.model.JobRequests;
import dev.hfjobs.model.ScheduledJobInfo;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Label replacements that keep the project's own labels: a caller's labels replace the caller's
 * (the Hub replaces all of them), and the {@code hfjobs-} ones the job already carries (tracking,
 * source) are sent again with them, so the poller keeps finding the job.
 */
final class LabelUpdates {
    private LabelUpdates() {}

    /** Replaces a job's labels; reads it first for its {@code hfjobs-} labels. */
    static HubResult<JobInfo> job(HfJobsClient hub, String ns, String id, Map<String, String> labels,
            Deadline deadline) {
        return switch (hub.inspectJob(ns, id, deadline)) {
            case HubResult.Failed<JobInfo> failed -> failed;
            case HubResult.Ok<JobInfo> ok -> hub.replaceLabels(ns, id, merged(labels, ok.value().labels()), deadline);
        };
    }

    /** Replaces a scheduled job's labels, keeping its {@code hfjobs-} ones (what the jobs it starts carry). */
    static HubResult<ScheduledJobInfo> scheduled(HfJobsClient hub, String ns, String id, Map<String, String> labels,
            Deadline deadline) {
        return switch (hub.inspectScheduledJob(ns, id, deadline)) {
            case HubResult.Failed<ScheduledJobInfo> failed -> failed;
            case HubResult.Ok<ScheduledJobInfo> ok -> hub.replaceScheduledLabels(ns, id, merged(labels,
                    ok.value().jobSpec() == null ? Map.of() : ok.value().jobSpec().labels()), deadline);
        };
    }

    static Map<String, String> merged(Map<String, String> callers, Map<String, String> current) {
        Map<String, String> labels = new LinkedHashMap<>(callers);
        current.forEach((key, value) -> {
            if (key.startsWith(JobRequests.RESERVED_LABEL_PREFIX)) {
                labels.put(key, value);
            }
        });
        return labels;
    }
}
