package dev.hfjobs.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks a scheduled job's {@code schedule} before it is sent to the Hub: one of the aliases
 * {@code @annually}, {@code @yearly}, {@code @monthly}, {@code @weekly}, {@code @daily},
 * {@code @hourly}, or a 5-field cron expression (minute, hour, day of month, month, day of week).
 * Each cron field is {@code *}, a number, a range {@code a-b} (a ≤ b), a step {@code *}/n
 * or {@code a-b/n} (n from 1 to the field's maximum), or a comma list of these; months may be
 * named {@code JAN}-{@code DEC} and days {@code SUN}-{@code SAT}, in any case. Day of week 0 and
 * 7 are both Sunday. Cron extensions ({@code ?}, {@code L}, {@code W}, {@code #}, a seconds field)
 * are refused: the Hub's schedule is the classic 5-field form.
 */
public final class Schedules {
    /** The aliases the Hub accepts, lower case as it spells them. */
    public static final List<String> ALIASES = List.of("@annually", "@yearly", "@monthly", "@weekly", "@daily",
            "@hourly");
    /** The field every schedule problem is reported on. */
    public static final String FIELD = "schedule";
    /** What a schedule must be, in words. */
    public static final String RULE = "must be @annually, @yearly, @monthly, @weekly, @daily, @hourly or a 5-field "
            + "cron expression \"minute hour day-of-month month day-of-week\", e.g. \"0 3 * * MON-FRI\"";
    /** What one cron field may hold, in words. */
    public static final String FIELD_RULE = "each cron field is *, a number, a range a-b, a step */n or a-b/n, "
            + "or a comma list of these; months may be JAN-DEC and days SUN-SAT";

    private static final int MAX_LENGTH = 256;
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,4}");
    private static final List<String> MONTHS =
            List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    /** One cron field: its name, its range and its names (the first name standing for {@code min}). */
    private record Field(String label, int min, int max, List<String> names) {
        String range() {
            return min + "-" + max + (names.isEmpty() ? "" : " or " + names.getFirst() + "-" + names.getLast());
        }
    }

    private static final List<Field> FIELDS = List.of(
            new Field("minute", 0, 59, List.of()),
            new Field("hour", 0, 23, List.of()),
            new Field("day-of-month", 1, 31, List.of()),
            new Field("month", 1, 12, MONTHS),
            new Field("day-of-week", 0, 7, DAYS));

    private Schedules() {}

    /**
     * Checks a schedule.
     *
     * @param schedule the schedule as the caller wrote it
     * @return the schedule, stripped and with its cron fields separated by single spaces, or one
     *     problem per wrong cron field (all on {@link #FIELD}); never echoes more than a short,
     *     printable part of the input
     */
    public static Validated<String> validate(String schedule) {
        if (schedule == null) {
            return invalid("is required: " + RULE);
        }
        String stripped = schedule.strip();
        if (stripped.isEmpty() || stripped.length() > MAX_LENGTH || Fields.hasNul(stripped)) {
            return invalid("must be 1 to " + MAX_LENGTH + " characters without NUL characters: " + RULE);
        }
        if (stripped.startsWith("@")) {
            return ALIASES.contains(stripped) ? new Validated.Valid<>(stripped)
                    : invalid("alias '" + Fields.printable(stripped) + "' is not known: " + RULE);
        }
        String[] parts = stripped.split("\\s+");
        if (parts.length != FIELDS.size()) {
            return invalid("has " + parts.length + " field" + (parts.length == 1 ? "" : "s") + ", not 5: " + RULE);
        }
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            Field field = FIELDS.get(i);
            String text = parts[i];
            checkField(text, field).ifPresent(reason -> problems.add(new Problem(FIELD, field.label()
                    + " field '" + Fields.printable(text) + "' " + reason + "; " + FIELD_RULE)));
        }
        return Validated.of(String.join(" ", parts), problems);
    }

    /** The problem with a schedule, if any: the first of {@link #validate(String)}'s. */
    public static Optional<Problem> problem(String schedule) {
        return switch (validate(schedule)) {
            case Validated.Valid<String> valid -> Optional.empty();
            case Validated.Invalid<String> invalid -> Optional.of(invalid.problems().getFirst());
        };
    }

    private static Validated<String> invalid(String rule) {
        return new Validated.Invalid<>(List.of(new Problem(FIELD, rule)));
    }

    /** Why a cron field is wrong, or empty when it is right. */
    private static Optional<String> checkField(String text, Field field) {
        for (String item : text.split(",", -1)) {
            Optional<String> wrong = checkItem(item, field);
            if (wrong.isPresent()) {
                return wrong;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> checkItem(String item, Field field) {
        if (item.isEmpty()) {
            return Optional.of("has an empty list item");
        }
        String[] stepped = item.split("/", -1);
        if (stepped.length > 2) {
            return Optional.of("has more than one '/'");
        }
        if (stepped.length == 2) {
            Optional<String> step = checkStep(stepped[1], field);
            if (step.isPresent()) {
                return step;
            }
            if (!stepped[0].equals("*") && !stepped[0].contains("-")) {
                return Optional.of("steps only a range: use */n or a-b/n");
            }
        }
        return stepped[0].equals("*") ? Optional.empty() : checkRange(stepped[0], field);
    }

    private static Optional<String> checkStep(String text, Field field) {
        if (!NUMBER.matcher(text).matches() || Integer.parseInt(text) < 1 || Integer.parseInt(text) > field.max()) {
            return Optional.of("has a step that is not a whole number from 1 to " + field.max());
        }
        return Optional.empty();
    }

    private static Optional<String> checkRange(String text, Field field) {
        int dash = text.indexOf('-');
        if (dash < 0) {
            return value(text, field).isPresent() ? Optional.empty() : outOfRange(field);
        }
        Optional<Integer> low = value(text.substring(0, dash), field);
        Optional<Integer> high = value(text.substring(dash + 1), field);
        if (low.isEmpty() || high.isEmpty()) {
            return outOfRange(field);
        }
        return low.get() <= high.get() ? Optional.empty()
                : Optional.of("has a range whose start is after its end (a-b needs a <= b)");
    }

    private static Optional<String> outOfRange(Field field) {
        return Optional.of("is not a value in " + field.range());
    }

    /** A number or name within the field's range. */
    private static Optional<Integer> value(String text, Field field) {
        int named = field.names().indexOf(text.toUpperCase(Locale.ROOT));
        if (named >= 0) {
            return Optional.of(field.min() + named);
        }
        if (!NUMBER.matcher(text).matches()) {
            return Optional.empty();
        }
        int number = Integer.parseInt(text);
        return number >= field.min() && number <= field.max() ? Optional.of(number) : Optional.empty();
    }
}
