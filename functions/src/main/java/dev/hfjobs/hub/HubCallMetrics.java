package dev.hfjobs.hub;

import dev.hfjobs.Metrics;

/**
 * The metrics of calls to the Hub: every attempt by status class (what counts against the Hub's rate
 * limit), those that failed, and the 429s that say we are over it.
 */
final class HubCallMetrics {
    static final String NETWORK = "network";

    private HubCallMetrics() {}

    /** An attempt the Hub answered with {@code status}. */
    static void answered(int status) {
        String statusClass = status / 100 + "xx";
        Metrics.count(Metrics.Metric.HUB_CALLS, statusClass);
        if (status >= 400) {
            Metrics.count(Metrics.Metric.HUB_ERRORS, statusClass);
        }
        if (status == 429) {
            Metrics.count(Metrics.Metric.HUB_THROTTLED);
        }
    }

    /** An attempt that got no answer (refused connection, broken connection, timeout). */
    static void unanswered() {
        Metrics.count(Metrics.Metric.HUB_CALLS, NETWORK);
        Metrics.count(Metrics.Metric.HUB_ERRORS, NETWORK);
    }
}
