package dev.hfjobs.poller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.model.Wire;

/**
 * What one poller run did.
 *
 * @param tracked active jobs read from the store
 * @param namespaces namespaces listed
 * @param hubCalls calls made to the Hub (list pages and single inspections)
 * @param changes stage changes found
 * @param published state-change events published and recorded
 * @param unpublished changes whose event could not be published (found again next run)
 * @param adopted jobs started by scheduled jobs, tracked from now on
 * @param canceled jobs canceled for being stuck in SCHEDULING
 * @param callbacks final callbacks of waiting Step Functions tasks settled (delivered, or the task
 *     was over)
 * @param leftOver namespaces not reached before the deadline (next run)
 * @param skipped true when another run held the lease, so this one did nothing
 */
public record PollReport(int tracked, int namespaces, int hubCalls, int changes, int published, int unpublished,
        int adopted, int canceled, int callbacks, int leftOver, boolean skipped) {

    /**
     * The run's answer and log field: each component under its name, in order, as the mapper
     * would write the record, without building the mapper on a cold start.
     */
    ObjectNode json() {
        return Wire.object().put("tracked", tracked).put("namespaces", namespaces).put("hubCalls", hubCalls)
                .put("changes", changes).put("published", published).put("unpublished", unpublished)
                .put("adopted", adopted).put("canceled", canceled).put("callbacks", callbacks)
                .put("leftOver", leftOver).put("skipped", skipped);
    }

    static PollReport skippedRun() {
        return new PollReport(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, true);
    }
}
