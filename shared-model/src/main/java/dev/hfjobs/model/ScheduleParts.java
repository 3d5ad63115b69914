package dev.hfjobs.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a scheduled-job request adds to a job spec, read from the top level of either request shape:
 * {@code schedule} (required), {@code suspend} and {@code concurrency} (optional booleans).
 */
record ScheduleParts(String schedule, Boolean suspend, Boolean concurrency) {

    static ScheduleParts read(JsonNode body, Problems problems) {
        return new ScheduleParts(schedule(body.get("schedule"), problems),
                flag(body.get("suspend"), "suspend", problems), flag(body.get("concurrency"), "concurrency", problems));
    }

    ScheduledJobRequest request(SubmitRequest submit) {
        return new ScheduledJobRequest(submit, schedule, suspend, concurrency);
    }

    private static String schedule(JsonNode node, Problems problems) {
        if (node == null || node.isNull()) {
            problems.add(Schedules.FIELD, "is required: " + Schedules.RULE);
            return null;
        }
        if (!node.isTextual()) {
            problems.add(Schedules.FIELD, "must be a string: " + Schedules.RULE);
            return null;
        }
        return switch (Schedules.validate(node.textValue())) {
            case Validated.Valid<String> valid -> valid.value();
            case Validated.Invalid<String> invalid -> {
                problems.addAll(invalid.problems());
                yield null;
            }
        };
    }

    private static Boolean flag(JsonNode node, String field, Problems problems) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            problems.add(field, "must be true or false (a JSON boolean, not a string)");
            return null;
        }
        return node.booleanValue();
    }
}
