package dev.hfjobs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.model.Wire;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * The functions' CloudWatch metrics, written as lines in CloudWatch's embedded metric format (EMF):
 * CloudWatch Logs turns each such line of a function's log into metric values in namespace
 * {@value #NAMESPACE}, no API call and no agent needed.
 *
 * <p>A handler {@link #begin begins} a batch per invocation; the threads it starts inherit it, and
 * what they {@link #add} is summed per metric and dimension values. Closing the batch writes one line
 * per set of dimension values, before the invocation answers (a line written after it would be lost
 * to a frozen sandbox). Each line also carries the request's correlation fields ({@link
 * Log#correlation()}) as plain properties: searchable in Logs Insights, never dimensions. Values added
 * outside a batch (priming, tests of a service alone) are dropped.
 *
 * <p>Dimensions are few and of low cardinality by construction: each {@link Metric} names its
 * dimension sets, and no set holds an id.
 */
public final class Metrics {
    /** The CloudWatch namespace of every metric. */
    public static final String NAMESPACE = "HfJobs";
    // What a dimension value may be in EMF: 1 to 1024 ASCII characters; ours are far shorter.
    private static final int MAX_VALUE = 256;
    private static final InheritableThreadLocal<Batch> CURRENT = new InheritableThreadLocal<>();

    private Metrics() {}

    /** CloudWatch units the metrics use. */
    public enum Unit {
        COUNT("Count"),
        SECONDS("Seconds"),
        NONE("None");

        private final String text;

        Unit(String text) {
            this.text = text;
        }

        /** As EMF spells it. */
        public String text() {
            return text;
        }
    }

    /**
     * Every metric the functions emit, with its unit and the dimension sets CloudWatch keeps it under
     * (an empty set: the metric over all dimensions, which alarms use). The values given to {@link
     * #add} follow {@link #dimensions()}.
     */
    public enum Metric {
        /** Jobs created (a repeat that found its first job is not counted), by request source. */
        JOBS_SUBMITTED("JobsSubmitted", Unit.COUNT, List.of(List.of(), List.of("Source"))),
        /** Submit requests that did not become a job now, by reason (rejected for good, or transient). */
        SUBMISSIONS_FAILED("SubmissionsFailed", Unit.COUNT, List.of(List.of(), List.of("Reason"))),
        /** Stage changes the poller published, by the stage reached. */
        STATE_CHANGES("StateChanges", Unit.COUNT, List.of(List.of("Stage"))),
        /** Jobs that ended, by final stage and flavor. */
        JOBS_FINISHED("JobsFinished", Unit.COUNT, List.of(List.of("Stage", "Flavor"))),
        /** The estimated cost of the jobs that ended, in US dollars: in all, by flavor, by namespace. */
        ESTIMATED_COST_USD("EstimatedCostUSD", Unit.NONE, List.of(List.of(), List.of("Flavor"),
                List.of("Namespace"))),
        /** HTTP calls to the Hub (every attempt), by status class: 2xx, 3xx, 4xx, 5xx, network. */
        HUB_CALLS("HubCalls", Unit.COUNT, List.of(List.of(), List.of("StatusClass"))),
        /** Hub calls that failed: an error status or no answer, by status class. */
        HUB_ERRORS("HubErrors", Unit.COUNT, List.of(List.of(), List.of("StatusClass"))),
        /** Hub answers 429 (rate limited). */
        HUB_THROTTLED("HubThrottled", Unit.COUNT, List.of(List.of())),
        /** How late a poller run saw the oldest stage change it found, in seconds. */
        POLLER_LAG_SECONDS("PollerLagSeconds", Unit.SECONDS, List.of(List.of())),
        /** Step Functions task callbacks, by call (heartbeat, success, failure) and outcome. */
        TASK_CALLBACKS("TaskCallbacks", Unit.COUNT, List.of(List.of("Call", "Outcome"))),
        /**
         * Events the jobs table's stream carried to {@code EventOutboxFunction}, by outcome:
         * {@code published}, {@code unpublished} (retried), {@code unreadable}.
         */
        OUTBOX_EVENTS("OutboxEvents", Unit.COUNT, List.of(List.of("Outcome")));

        private final String metricName;
        private final Unit unit;
        private final List<List<String>> dimensionSets;
        private final List<String> dimensions;

        Metric(String metricName, Unit unit, List<List<String>> dimensionSets) {
            this.metricName = metricName;
            this.unit = unit;
            this.dimensionSets = dimensionSets;
            Set<String> all = new LinkedHashSet<>();
            dimensionSets.forEach(all::addAll);
            this.dimensions = List.copyOf(all);
        }

        /** The metric's name in CloudWatch. */
        public String metricName() {
            return metricName;
        }

        public Unit unit() {
            return unit;
        }

        /** The dimension sets it is kept under. */
        public List<List<String>> dimensionSets() {
            return dimensionSets;
        }

        /** Every dimension it takes a value for, in the order {@link #add} takes them. */
        public List<String> dimensions() {
            return dimensions;
        }
    }

    /**
     * Adds {@code value} to {@code metric} in the current batch.
     *
     * @param dimensionValues one per {@link Metric#dimensions()}, in that order; a null or empty one
     *     becomes {@code unknown}
     * @throws IllegalArgumentException when the number of values is not the metric's
     */
    public static void add(Metric metric, double value, String... dimensionValues) {
        if (dimensionValues.length != metric.dimensions().size()) {
            throw new IllegalArgumentException(metric.metricName() + " takes " + metric.dimensions()
                    + ", got " + dimensionValues.length + " value(s)");
        }
        Batch batch = CURRENT.get();
        if (batch != null && Double.isFinite(value)) {
            batch.add(new Key(metric, values(metric, dimensionValues)), value);
        }
    }

    /** Adds 1 to {@code metric}; see {@link #add}. */
    public static void count(Metric metric, String... dimensionValues) {
        add(metric, 1, dimensionValues);
    }

    /** A new batch for this thread and the threads it starts; closing it writes what was added. */
    public static Batch begin() {
        Batch batch = new Batch(CURRENT.get());
        CURRENT.set(batch);
        return batch;
    }

    private static Map<String, String> values(Metric metric, String[] given) {
        Map<String, String> values = new TreeMap<>();
        for (int i = 0; i < given.length; i++) {
            values.put(metric.dimensions().get(i), dimensionValue(given[i]));
        }
        return values;
    }

    /** Printable ASCII, at most {@link #MAX_VALUE} characters, never empty. */
    static String dimensionValue(String value) {
        if (value == null || value.isBlank()) {
            return "unknown";
        }
        String ascii = value.strip().replaceAll("[^\\x20-\\x7e]", "?");
        return ascii.length() > MAX_VALUE ? ascii.substring(0, MAX_VALUE) : ascii;
    }

    /** One metric under one set of dimension values. */
    private record Key(Metric metric, Map<String, String> dimensions) {}

    /** The metrics of one invocation, summed until it is closed. */
    public static final class Batch implements AutoCloseable {
        private final Batch previous;
        private final Map<Key, DoubleAdder> sums = new ConcurrentHashMap<>();
        private volatile boolean closed;

        private Batch(Batch previous) {
            this.previous = previous;
        }

        private void add(Key key, double value) {
            if (!closed) {
                sums.computeIfAbsent(key, k -> new DoubleAdder()).add(value);
            }
        }

        /**
         * Writes the batch, one EMF line per set of dimension values, and restores the thread's
         * previous batch. What a thread adds afterwards (a route still running past its answer) is
         * dropped.
         */
        @Override
        public void close() {
            closed = true;
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
            lines(Instant.now()).forEach(Log::raw);
        }

        /** The lines the batch writes, as of {@code now}. */
        List<String> lines(Instant now) {
            Map<Map<String, String>, Map<Metric, Double>> byDimensions = new LinkedHashMap<>();
            sums.entrySet().stream()
                    .sorted(Comparator.comparing((Map.Entry<Key, DoubleAdder> e) -> e.getKey().metric())
                            .thenComparing(e -> e.getKey().dimensions().toString()))
                    .forEach(e -> byDimensions.computeIfAbsent(e.getKey().dimensions(), d -> new LinkedHashMap<>())
                            .put(e.getKey().metric(), e.getValue().sum()));
            List<String> lines = new ArrayList<>();
            Map<String, String> correlation = Log.correlation();
            byDimensions.forEach((dimensions, values) -> lines.add(Wire.write(document(now, dimensions, values,
                    correlation))));
            return lines;
        }

        /**
         * One EMF document: the {@code _aws} metadata, the dimension values and metric values at the
         * root, then the correlation fields (never a dimension).
         */
        private static ObjectNode document(Instant now, Map<String, String> dimensions, Map<Metric, Double> values,
                Map<String, String> correlation) {
            ObjectNode root = Wire.object();
            ObjectNode aws = root.putObject("_aws");
            aws.put("Timestamp", now.toEpochMilli());
            directives(values.keySet(), aws.putArray("CloudWatchMetrics"));
            dimensions.forEach(root::put);
            values.forEach((metric, value) -> {
                // Counts are whole numbers: written as such, they read better in the log.
                if (value == Math.rint(value) && Math.abs(value) < 1e15) {
                    root.put(metric.metricName(), value.longValue());
                } else {
                    root.put(metric.metricName(), value);
                }
            });
            correlation.forEach((name, value) -> {
                if (!root.has(name)) {
                    root.put(name, value);
                }
            });
            return root;
        }

        /** One directive per distinct list of dimension sets among {@code metrics}. */
        private static void directives(Set<Metric> metrics, ArrayNode into) {
            Map<List<List<String>>, List<Metric>> bySets = new LinkedHashMap<>();
            metrics.forEach(m -> bySets.computeIfAbsent(m.dimensionSets(), s -> new ArrayList<>()).add(m));
            bySets.forEach((sets, sharing) -> {
                ObjectNode directive = into.addObject().put("Namespace", NAMESPACE);
                ArrayNode dimensionSets = directive.putArray("Dimensions");
                for (List<String> set : sets) {
                    ArrayNode keys = dimensionSets.addArray();
                    set.forEach(keys::add);
                }
                ArrayNode definitions = directive.putArray("Metrics");
                sharing.forEach(m -> definitions.addObject().put("Name", m.metricName()).put("Unit", m.unit().text()));
            });
        }
    }
}
