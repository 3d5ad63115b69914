package dev.hfjobs.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Prints the events received, one readable line each, in the order they arrived. */
final class Timeline {
    private final Instant start;

    Timeline(Instant start) {
        this.start = start;
    }

    /** One event as it arrived, with when. */
    record Arrival(Instant at, JsonNode event) {}

    void print(List<Arrival> arrivals, PrintStream out) {
        out.println();
        out.println("Timeline of the events on the bus (source hf.jobs):");
        for (Arrival arrival : arrivals) {
            Duration since = Duration.between(start, arrival.at());
            out.printf("  +%5.1fs  %-26s %s%n", since.toMillis() / 1000.0, arrival.event().path("detail-type").asText(),
                    summary(arrival.event().path("detail-type").asText(), arrival.event().path("detail")));
        }
    }

    static String summary(String type, JsonNode d) {
        return switch (type) {
            case "HF Job Submitted" -> "job " + d.path("jobId").asText() + " in " + d.path("namespace").asText()
                    + " from " + d.path("source").asText() + " (" + d.at("/job/flavor").asText() + ")";
            case "HF Job Submission Failed" -> d.path("reason").asText() + " from " + d.path("source").asText() + ": "
                    + d.path("problems").size() + " problem(s), e.g. " + d.at("/problems/0/field").asText() + " "
                    + d.at("/problems/0/rule").asText();
            case "HF Job State Change" -> "job " + d.path("jobId").asText() + " " + d.path("previousStage").asText()
                    + " -> " + d.path("stage").asText() + (d.has("estimatedCostUSD")
                    ? " (estimated cost $" + d.path("estimatedCostUSD").decimalValue().toPlainString() + ")" : "");
            case "HF Jobs Hardware Catalog" -> d.path("flavors").size() + " flavors"
                    + (d.path("firstPublication").asBoolean() ? ", first publication" : ", changed");
            default -> d.toString();
        };
    }
}
