package dev.hfjobs.localstack;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** What the story must have produced; the smoke test of the whole flow. */
final class Expectations {
    private record Expected(String what, int atLeast, Predicate<Timeline.Arrival> matches) {}

    private static final List<Expected> EXPECTED = List.of(
            new Expected("HF Job Submitted (1 from the API, 2 from the queue; through the jobs table's stream)", 3,
                    a -> type(a, "HF Job Submitted")),
            new Expected("HF Job Submission Failed (the invalid message of the batch)", 1,
                    a -> type(a, "HF Job Submission Failed")),
            new Expected("HF Jobs Hardware Catalog", 1, a -> type(a, "HF Jobs Hardware Catalog")),
            new Expected("HF Job State Change to RUNNING", 3,
                    a -> type(a, "HF Job State Change") && stage(a, "RUNNING")),
            new Expected("HF Job State Change to COMPLETED, with an estimated cost", 3,
                    a -> type(a, "HF Job State Change") && stage(a, "COMPLETED")
                            && a.event().at("/detail/estimatedCostUSD").isNumber()));

    private Expectations() {}

    /** Prints what is missing; 0 when nothing is. */
    static int check(List<Timeline.Arrival> arrivals, PrintStream out) {
        List<String> missing = new ArrayList<>();
        for (Expected expected : EXPECTED) {
            long found = arrivals.stream().filter(expected.matches()).count();
            if (found < expected.atLeast()) {
                missing.add(expected.what() + ": " + found + " of " + expected.atLeast());
            }
        }
        out.println();
        if (missing.isEmpty()) {
            out.println("Every expected event arrived (" + arrivals.size() + " events).");
        } else {
            out.println("MISSING events:");
            missing.forEach(m -> out.println("  - " + m));
        }
        out.println("story: " + (EXPECTED.size() - missing.size()) + " passed, " + missing.size() + " failed");
        return missing.isEmpty() ? 0 : 1;
    }

    private static boolean type(Timeline.Arrival a, String type) {
        return a.event().path("detail-type").asText().equals(type);
    }

    private static boolean stage(Timeline.Arrival a, String stage) {
        return a.event().at("/detail/stage").asText().equals(stage);
    }
}
