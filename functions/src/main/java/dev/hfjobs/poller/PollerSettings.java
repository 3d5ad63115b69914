package dev.hfjobs.poller;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How the poller behaves.
 *
 * @param retention how long a finished job's record is kept before DynamoDB expires it
 * @param cancelStuckAfter cancel jobs still SCHEDULING this long after creation; null = never
 * @param defaultNamespace a namespace listed even without tracked jobs, to adopt the jobs that
 *     scheduled jobs start; null = none
 */
public record PollerSettings(Duration retention, Duration cancelStuckAfter, String defaultNamespace) {
    /** Thirty days, nothing canceled, no default namespace. */
    public static final PollerSettings DEFAULT = new PollerSettings(Duration.ofDays(30), null, null);

    /** From {@code JOB_RETENTION_DAYS}, {@code STUCK_SCHEDULING_CANCEL_MINUTES} and {@code HF_NAMESPACE}. */
    public static PollerSettings fromEnvironment(Map<String, String> env) {
        Duration retention = positive(env.get("JOB_RETENTION_DAYS")).map(Duration::ofDays).orElse(Duration.ofDays(30));
        Duration stuck = positive(env.get("STUCK_SCHEDULING_CANCEL_MINUTES")).map(Duration::ofMinutes).orElse(null);
        String namespace = Optional.ofNullable(env.get("HF_NAMESPACE")).filter(v -> !v.isBlank()).orElse(null);
        return new PollerSettings(retention, stuck, namespace);
    }

    /** The stuck-job limit, when canceling stuck jobs is on. */
    public Optional<Duration> stuckLimit() {
        return Optional.ofNullable(cancelStuckAfter);
    }

    private static Optional<Long> positive(String value) {
        try {
            return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty()).map(Long::parseLong)
                    .filter(v -> v > 0);
        } catch (NumberFormatException e) {
            throw new dev.hfjobs.FunctionsException("a poller setting is not a whole number: " + value);
        }
    }
}
