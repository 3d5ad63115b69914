package dev.hfjobs.poller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.Metrics;
import dev.hfjobs.Metrics.Metric;
import dev.hfjobs.model.JobStage;
import dev.hfjobs.ports.EventPublisher.HfEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * What a poller run adds to the metrics, from the state changes as they are published: {@code
 * StateChanges} by stage; for each job that ended, {@code JobsFinished} by stage and flavor and its
 * estimated cost ({@code EstimatedCostUSD} by flavor and by namespace); and {@code PollerLagSeconds},
 * how late the run saw the oldest change it found.
 */
final class RunMetrics {
    private RunMetrics() {}

    /** The state change events that went out (a change published again after a failed run counts again). */
    static void published(List<HfEvent> events) {
        events.stream().filter(e -> StateChangeEvents.STATE_CHANGE.equals(e.detailType())).forEach(e -> {
            ObjectNode detail = e.detail();
            String stage = detail.path("stage").asText(null);
            Metrics.count(Metric.STATE_CHANGES, stage);
            if (detail.path("terminal").asBoolean(false)) {
                String flavor = detail.path("flavor").asText(null);
                Metrics.count(Metric.JOBS_FINISHED, stage, flavor);
                JsonNode micro = detail.path("estimatedCostMicroUSD");
                if (micro.isIntegralNumber()) {
                    Metrics.add(Metric.ESTIMATED_COST_USD, micro.longValue() / 1_000_000.0, flavor,
                            detail.path("namespace").asText(null));
                }
            }
        });
    }

    /** {@code PollerLagSeconds}: the largest lag among the changes found; nothing when none has a known time. */
    static void lag(List<Findings.Change> changes) {
        changes.stream().map(RunMetrics::lag).flatMap(Optional::stream).max(Duration::compareTo)
                .ifPresent(lag -> Metrics.add(Metric.POLLER_LAG_SECONDS, lag.toMillis() / 1000.0));
    }

    /**
     * How long after the job reached its stage the poller saw it: from the Hub's time for the stage
     * (created for SCHEDULING, started for RUNNING, finished for a stage that ends the job) to the run's.
     * Empty for a stage the Hub gives no time for (UPDATING, a deleted job).
     */
    static Optional<Duration> lag(Findings.Change change) {
        Instant seen = change.updated().updatedAt();
        String stage = change.updated().stage();
        String field = JobStage.SCHEDULING.value().equals(stage) ? "createdAt"
                : JobStage.RUNNING.value().equals(stage) ? "startedAt"
                : change.updated().terminal() ? "finishedAt" : null;
        if (seen == null || field == null) {
            return Optional.empty();
        }
        // A Hub clock ahead of ours would make it negative: seen at once, then.
        return instant(change.event().detail().path(field)).map(at -> Duration.between(at, seen))
                .map(lag -> lag.isNegative() ? Duration.ZERO : lag);
    }

    private static Optional<Instant> instant(JsonNode value) {
        try {
            return value.isTextual() ? Optional.of(Instant.parse(value.textValue())) : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
