package dev.hfjobs.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What jobs print and measure: each job's log lines, in the order they were added, and the metrics
 * sample a test set for it. Thread-safe; never blocks for long.
 */
final class Telemetry {

    private final Map<String, List<LogLine>> logs = new HashMap<>();
    private final Map<String, ObjectNode> metrics = new HashMap<>();

    synchronized void append(String jobId, List<LogLine> lines) {
        logs.computeIfAbsent(jobId, id -> new ArrayList<>()).addAll(lines);
    }

    /** @return the job's lines from index {@code from} on (all of them from 0); empty when there are none */
    synchronized List<LogLine> lines(String jobId, int from) {
        List<LogLine> lines = logs.getOrDefault(jobId, List.of());
        return from >= lines.size() ? List.of() : List.copyOf(lines.subList(Math.max(0, from), lines.size()));
    }

    synchronized int lineCount(String jobId) {
        return logs.getOrDefault(jobId, List.of()).size();
    }

    synchronized void setMetrics(String jobId, ObjectNode sample) {
        metrics.put(jobId, sample.deepCopy());
    }

    synchronized Optional<ObjectNode> metrics(String jobId) {
        return Optional.ofNullable(metrics.get(jobId)).map(ObjectNode::deepCopy);
    }

    synchronized void forget(String jobId) {
        logs.remove(jobId);
        metrics.remove(jobId);
    }
}
