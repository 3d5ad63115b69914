package dev.hfjobs.localstack;

import dev.hfjobs.localinvoke.EmbeddedMetrics;
import dev.hfjobs.localinvoke.InvokeResult;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The metrics the story's functions emitted, read back from their log lines as CloudWatch Logs reads
 * the embedded metric format: every document checked against the format's rules, the values added up
 * per metric and dimensions over the story (the largest, for a lag in seconds), as the dashboard shows them.
 */
final class MetricsReadBack {
    /** What the story must show: every metric its invocations cannot help emitting. */
    static final List<String> EXPECTED = List.of("JobsSubmitted", "SubmissionsFailed", "StateChanges", "JobsFinished",
            "EstimatedCostUSD", "HubCalls", "PollerLagSeconds", "TaskCallbacks");

    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private final List<Read> read = Collections.synchronizedList(new ArrayList<>());
    private int documents;

    private record Read(String function, EmbeddedMetrics.Datum datum) {}

    /** Reads one invocation's log lines. */
    synchronized void add(String function, InvokeResult result) {
        EmbeddedMetrics.Reading reading = EmbeddedMetrics.read(result.logs(), Instant.now());
        documents += reading.documents().size();
        reading.problems().forEach(p -> problems.add(function + ": " + p));
        reading.data().forEach(d -> read.add(new Read(function, d)));
    }

    /** Prints the table; 0 when every document follows the format and the expected metrics are there, else 1. */
    synchronized int print(PrintStream out) {
        Map<String, List<Read>> byMetric = new TreeMap<>();
        read.forEach(r -> byMetric.computeIfAbsent(r.datum().name() + " " + dimensions(r.datum()),
                k -> new ArrayList<>()).add(r));
        out.printf("%n==> metrics the functions emitted, read back from their log lines (%d EMF documents, %s)%n",
                documents, problems.isEmpty() ? "all valid" : problems.size() + " invalid");
        out.printf("   %-18s %-38s %10s  %s%n", "metric", "dimensions", "sum|max", "from");
        byMetric.forEach((key, reads) -> {
            EmbeddedMetrics.Datum first = reads.getFirst().datum();
            // A lag is one value per run: its maximum says something, its sum does not.
            double sum = first.unit().equals("Seconds") ? reads.stream().mapToDouble(r -> r.datum().sum()).max()
                    .orElse(0) : reads.stream().mapToDouble(r -> r.datum().sum()).sum();
            Set<String> from = reads.stream().map(Read::function).collect(Collectors.toCollection(TreeSet::new));
            out.printf("   %-18s %-38s %10s  %s%n", first.name(), dimensions(first), number(sum, first.unit()),
                    String.join(", ", from));
        });
        problems.forEach(p -> out.println("   INVALID " + p));
        Set<String> seen = read.stream().map(r -> r.datum().name()).collect(Collectors.toSet());
        List<String> missing = EXPECTED.stream().filter(m -> !seen.contains(m)).toList();
        if (!missing.isEmpty()) {
            out.println("   MISSING " + missing);
        }
        return problems.isEmpty() && missing.isEmpty() ? 0 : 1;
    }

    private static String dimensions(EmbeddedMetrics.Datum datum) {
        return datum.dimensions().isEmpty() ? "(all)" : datum.dimensions().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    private static String number(double value, String unit) {
        String text = value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.6f", value);
        return unit.equals("Seconds") ? text + " s max" : text;
    }
}
