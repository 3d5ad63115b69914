package dev.hfjobs.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hfjobs.model.ModelException;
import dev.hfjobs.model.Wire;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The mean time of each step of a warm submit, read from the {@code submitted} log line the submit
 * service writes ({@code stepsMillis}); what the invocation took beyond its steps is {@code other}
 * (reading the event, routing, writing the answer).
 */
final class StepSplit {
    private final Map<String, Double> totals = new LinkedHashMap<>();
    private int submits;

    void add(String logs, double invocationMillis) {
        for (String line : logs.split("\n")) {
            JsonNode steps = parse(line).path("stepsMillis");
            if (steps.isObject()) {
                submits++;
                double[] sum = {0};
                steps.properties().forEach(e -> {
                    totals.merge(e.getKey(), e.getValue().asDouble(), Double::sum);
                    sum[0] += e.getValue().asDouble();
                });
                totals.merge("other", Math.max(0, invocationMillis - sum[0]), Double::sum);
                return;
            }
        }
    }

    private static JsonNode parse(String line) {
        int start = line.indexOf('{');
        if (start < 0 || !line.contains("\"submitted\"")) {
            return Wire.mapper().missingNode();
        }
        try {
            return Wire.parse(line.substring(start));
        } catch (ModelException e) {
            return Wire.mapper().missingNode();
        }
    }

    @Override
    public String toString() {
        if (submits == 0) {
            return "no submitted lines";
        }
        StringJoiner joined = new StringJoiner(", ");
        totals.forEach((step, total) -> joined.add(String.format(Locale.ROOT, "%s %.1f", step, total / submits)));
        return joined.toString();
    }
}
