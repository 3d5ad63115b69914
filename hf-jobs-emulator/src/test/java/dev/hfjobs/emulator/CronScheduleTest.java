package dev.hfjobs.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CronScheduleTest {

    @ParameterizedTest(name = "{0} after {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            @hourly        | 2026-03-04T10:15:30Z | 2026-03-04T11:00:00Z
            @daily         | 2026-03-04T10:15:30Z | 2026-03-05T00:00:00Z
            @weekly        | 2026-03-04T10:15:30Z | 2026-03-08T00:00:00Z
            @monthly       | 2026-03-04T10:15:30Z | 2026-04-01T00:00:00Z
            @yearly        | 2026-03-04T10:15:30Z | 2027-01-01T00:00:00Z
            @annually      | 2026-03-04T10:15:30Z | 2027-01-01T00:00:00Z
            0 9 * * 1      | 2026-03-04T10:15:30Z | 2026-03-09T09:00:00Z
            */15 * * * *   | 2026-03-04T10:15:00Z | 2026-03-04T10:30:00Z
            5-10/5 3 * * * | 2026-03-04T03:05:00Z | 2026-03-04T03:10:00Z
            0 0 1,15 * *   | 2026-03-02T00:00:00Z | 2026-03-15T00:00:00Z
            0 12 * JAN-MAR MON-FRI | 2026-03-31T12:00:00Z | 2027-01-01T12:00:00Z
            0 0 13 * 5     | 2026-03-04T00:00:00Z | 2026-03-06T00:00:00Z
            30 23 * * 7    | 2026-03-04T00:00:00Z | 2026-03-08T23:30:00Z
            0 0 29 2 *     | 2026-03-04T00:00:00Z | 2028-02-29T00:00:00Z
            59 23 31 12 *  | 2026-12-31T23:59:00Z | 2027-12-31T23:59:00Z
            """)
    void nextRunIsTheFirstMatchingMinuteAfter(String expression, String after, String expected) {
        CronSchedule schedule = CronSchedule.parse(expression).orElseReject();

        assertThat(schedule.nextAfter(Instant.parse(after))).contains(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "@reboot", "* * * *", "* * * * * *", "60 * * * *", "* 24 * * *", "* * 0 * *",
        "* * * 13 *", "* * * * 8", "5-1 * * * *", "*/0 * * * *", "a * * * *", "1,,2 * * * *", "1/2/3 * * * *"})
    void invalidSchedulesAreRejected(String expression) {
        assertThat(CronSchedule.parse(expression)).isInstanceOf(Validated.Invalid.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0 0 30 2 *", "0 0 31 4 *"})
    void aScheduleThatNeverFiresHasNoNextRun(String expression) {
        CronSchedule schedule = CronSchedule.parse(expression).orElseReject();

        assertThat(schedule.nextAfter(Instant.parse("2026-01-01T00:00:00Z"))).isEmpty();
    }
}
