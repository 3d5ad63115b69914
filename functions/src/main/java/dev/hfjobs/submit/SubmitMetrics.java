package dev.hfjobs.submit;

import dev.hfjobs.Log;
import dev.hfjobs.Metrics;
import java.util.Locale;

/**
 * What a submission's outcome adds to the metrics and to the request's correlation fields, where a
 * transport turns the outcome into its answer: a new job counts in {@code JobsSubmitted} by source (a
 * repeat that found its first job does not), a request that did not become a job in {@code
 * SubmissionsFailed} by reason: the reason code of a rejection, or the cause of trouble that may pass.
 * One with the same key in progress elsewhere is neither.
 */
public final class SubmitMetrics {
    private SubmitMetrics() {}

    /** Counts {@code outcome} of a request from {@code source}; the job's id and namespace join the log lines. */
    public static void record(Source source, SubmitOutcome outcome) {
        switch (outcome) {
            case SubmitOutcome.Created created -> {
                Log.correlate(Log.JOB_ID, created.job().id());
                created.job().namespace().ifPresent(ns -> Log.correlate(Log.NAMESPACE, ns));
                if (!created.replayed()) {
                    Metrics.count(Metrics.Metric.JOBS_SUBMITTED, source.label());
                }
            }
            case SubmitOutcome.Rejected rejected -> Metrics.count(Metrics.Metric.SUBMISSIONS_FAILED,
                    rejected.reason().code());
            case SubmitOutcome.Unavailable unavailable -> Metrics.count(Metrics.Metric.SUBMISSIONS_FAILED,
                    reason(unavailable.cause()));
            case SubmitOutcome.InProgress inProgress -> { }
        }
    }

    /** A transient cause as a reason: {@code RATE_LIMITED} is {@code rate-limited}. */
    static String reason(SubmitOutcome.Cause cause) {
        return cause.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
