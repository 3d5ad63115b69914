package dev.hfjobs.emulator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A scheduled job's schedule: one of the Hub's nicknames ({@code @annually}, {@code @yearly},
 * {@code @monthly}, {@code @weekly}, {@code @daily}, {@code @hourly}) or a 5-field cron expression
 * (minute, hour, day of month, month, day of week; {@code *}, lists, ranges, steps, and
 * {@code JAN}/{@code MON} names), evaluated in UTC. Each field is a bit mask of allowed values.
 *
 * @param expression the schedule as given
 */
record CronSchedule(String expression, long minutes, long hours, long daysOfMonth, long months, long daysOfWeek,
                    boolean anyDayOfMonth, boolean anyDayOfWeek) {

    private static final Map<String, String> NICKNAMES = Map.of("@annually", "0 0 1 1 *", "@yearly", "0 0 1 1 *",
            "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@hourly", "0 * * * *");
    private static final List<String> MONTH_NAMES =
            List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAY_NAMES = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    /** Long enough to reach the next 29 February even across a non-leap century year. */
    private static final int MAX_DAYS_AHEAD = 366 * 9;

    /** The range of one field and its names, the first name standing for {@code min}. */
    private record Field(String label, int min, int max, List<String> names) {
    }

    private static final Field MINUTE = new Field("minute", 0, 59, List.of());
    private static final Field HOUR = new Field("hour", 0, 23, List.of());
    private static final Field DAY_OF_MONTH = new Field("day of month", 1, 31, List.of());
    private static final Field MONTH = new Field("month", 1, 12, MONTH_NAMES);
    private static final Field DAY_OF_WEEK = new Field("day of week", 0, 7, DAY_NAMES);

    /** @return the schedule, or the problem that makes it invalid */
    static Validated<CronSchedule> parse(String expression) {
        try {
            return new Validated.Valid<>(parseOrThrow(expression));
        } catch (IllegalArgumentException e) {
            return Validated.invalid("schedule '" + expression + "' is invalid: " + e.getMessage()
                    + " (use @annually, @yearly, @monthly, @weekly, @daily, @hourly or 5 cron fields)");
        }
    }

    private static CronSchedule parseOrThrow(String expression) {
        String cron = NICKNAMES.getOrDefault(expression.trim(), expression.trim());
        String[] fields = cron.split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("expected 5 fields, found " + fields.length);
        }
        long daysOfWeek = mask(fields[4], DAY_OF_WEEK);
        if ((daysOfWeek & (1L << 7)) != 0) {
            daysOfWeek = (daysOfWeek | 1L) & ~(1L << 7);
        }
        return new CronSchedule(expression, mask(fields[0], MINUTE), mask(fields[1], HOUR),
                mask(fields[2], DAY_OF_MONTH), mask(fields[3], MONTH), daysOfWeek,
                fields[2].startsWith("*"), fields[4].startsWith("*"));
    }

    private static long mask(String text, Field field) {
        long mask = 0;
        for (String part : text.split(",", -1)) {
            mask |= partMask(part, field);
        }
        return mask;
    }

    private static long partMask(String part, Field field) {
        String[] stepped = part.split("/", -1);
        if (stepped.length > 2) {
            throw new IllegalArgumentException("bad " + field.label() + " '" + part + "'");
        }
        int step = stepped.length == 2 ? number(stepped[1], field) : 1;
        if (step <= 0) {
            throw new IllegalArgumentException("bad step in " + field.label() + " '" + part + "'");
        }
        int[] bounds = bounds(stepped[0], field, stepped.length == 2);
        long mask = 0;
        for (int value = bounds[0]; value <= bounds[1]; value += step) {
            mask |= 1L << value;
        }
        return mask;
    }

    private static int[] bounds(String range, Field field, boolean stepped) {
        if (range.equals("*")) {
            return new int[] {field.min(), field.max()};
        }
        int dash = range.indexOf('-');
        if (dash < 0) {
            int value = value(range, field);
            return new int[] {value, stepped ? field.max() : value};
        }
        int low = value(range.substring(0, dash), field);
        int high = value(range.substring(dash + 1), field);
        if (low > high) {
            throw new IllegalArgumentException("empty " + field.label() + " range '" + range + "'");
        }
        return new int[] {low, high};
    }

    private static int value(String text, Field field) {
        int named = field.names().indexOf(text.toUpperCase(Locale.ROOT));
        int value = named >= 0 ? field.min() + named : number(text, field);
        if (value < field.min() || value > field.max()) {
            throw new IllegalArgumentException(field.label() + " " + text + " is out of range");
        }
        return value;
    }

    private static int number(String text, Field field) {
        if (text.isEmpty() || !text.chars().allMatch(Character::isDigit) || text.length() > 4) {
            throw new IllegalArgumentException("bad " + field.label() + " '" + text + "'");
        }
        return Integer.parseInt(text);
    }

    /** @return the first run time strictly after {@code after}, empty when it never fires (30 Feb) */
    Optional<Instant> nextAfter(Instant after) {
        LocalDateTime start = LocalDateTime.ofInstant(after, ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES)
                .plusMinutes(1);
        LocalDate day = start.toLocalDate();
        for (int i = 0; i < MAX_DAYS_AHEAD; i++, day = day.plusDays(1)) {
            LocalTime from = i == 0 ? start.toLocalTime() : LocalTime.MIDNIGHT;
            Optional<LocalTime> time = matchesDay(day) ? firstTimeFrom(from) : Optional.empty();
            if (time.isPresent()) {
                return Optional.of(day.atTime(time.get()).toInstant(ZoneOffset.UTC));
            }
        }
        return Optional.empty();
    }

    private boolean matchesDay(LocalDate day) {
        if (!has(months, day.getMonthValue())) {
            return false;
        }
        boolean dayOfMonth = has(daysOfMonth, day.getDayOfMonth());
        boolean dayOfWeek = has(daysOfWeek, day.getDayOfWeek().getValue() % 7);
        // Cron's rule: when both day fields are restricted, either may match.
        return anyDayOfMonth || anyDayOfWeek ? dayOfMonth && dayOfWeek : dayOfMonth || dayOfWeek;
    }

    private Optional<LocalTime> firstTimeFrom(LocalTime from) {
        for (int hour = from.getHour(); hour < 24; hour++) {
            for (int minute = hour == from.getHour() ? from.getMinute() : 0; has(hours, hour) && minute < 60; minute++) {
                if (has(minutes, minute)) {
                    return Optional.of(LocalTime.of(hour, minute));
                }
            }
        }
        return Optional.empty();
    }

    private static boolean has(long mask, int value) {
        return (mask & (1L << value)) != 0;
    }
}
