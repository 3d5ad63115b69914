package dev.hfjobs.poller;

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

    static PollReport skippedRun() {
        return new PollReport(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, true);
    }
}
