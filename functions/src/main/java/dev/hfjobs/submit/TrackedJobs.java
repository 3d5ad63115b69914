package dev.hfjobs.submit;

import dev.hfjobs.Deadline;
import dev.hfjobs.hub.HfJobsClient;
import dev.hfjobs.hub.HubError;
import dev.hfjobs.hub.HubResult;
import dev.hfjobs.hub.JobFilter;
import dev.hfjobs.hub.JobPage;
import dev.hfjobs.model.JobInfo;
import java.util.Map;
import java.util.Set;

/**
 * Finds the job that carries a tracking id. The Hub is asked to filter by the label; the label is
 * checked here too, because older Hubs ignore filters and return everything.
 */
final class TrackedJobs {
    sealed interface Search {}

    record Found(JobInfo job) implements Search {}

    record NotFound() implements Search {}

    record Unknown(HubError error) implements Search {}

    private final HfJobsClient hub;

    TrackedJobs(HfJobsClient hub) {
        this.hub = hub;
    }

    Search find(String namespace, String trackingId, Deadline deadline) {
        JobFilter filter = new JobFilter(Set.of(), Map.of(Tracking.TRACKING_LABEL, trackingId));
        HubResult<JobPage> page = hub.listJobs(namespace, filter, deadline);
        while (page instanceof HubResult.Ok<JobPage>(JobPage current)) {
            for (JobInfo job : current.jobs()) {
                if (Tracking.carries(job, trackingId)) {
                    return new Found(job);
                }
            }
            if (current.next() == null) {
                return new NotFound();
            }
            page = hub.nextJobs(current.next(), deadline);
        }
        return new Unknown(((HubResult.Failed<JobPage>) page).error());
    }
}
