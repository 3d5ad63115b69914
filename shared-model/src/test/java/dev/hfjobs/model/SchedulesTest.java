package dev.hfjobs.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SchedulesTest {

    private static List<Problem> problems(String schedule) {
        return switch (Schedules.validate(schedule)) {
            case Validated.Valid<String> valid -> List.of();
            case Validated.Invalid<String> invalid -> invalid.problems();
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"@annually", "@yearly", "@monthly", "@weekly", "@daily", "@hourly"})
    void everyAliasIsAccepted(String alias) {
        assertThat(Schedules.validate(alias)).isEqualTo(new Validated.Valid<>(alias));
    }

    @ParameterizedTest
    @ValueSource(strings = {"@Daily", "@DAILY", "@midnight", "@reboot", "@every 5m", "@"})
    void unknownOrMiscasedAliasIsRefusedNamingTheAliases(String alias) {
        assertThat(problems(alias)).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("schedule");
            assertThat(p.rule()).contains("@annually", "@yearly", "@monthly", "@weekly", "@daily", "@hourly",
                    "5-field cron");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "* * * * *", "0 0 * * *", "59 23 31 12 7", "0 0 1 1 0", "*/5 * * * *", "0 */2 * * *",
        "0-30/10 9-17 * * MON-FRI", "0 9 1,15 * *", "0 9 * JAN,jul *", "0 9 * jan-mar sun",
        "15 3 * * Mon,wEd,FRI", "0 0 * * 0-7", "1,2,3-5,10-20/5 * * * *", "0 0 29 2 *", "5 4 * * sat-sat",
        "0 0 * * */7", "*/59 */23 */31 */12 *"})
    void validCronIsAccepted(String cron) {
        assertThat(problems(cron)).isEmpty();
    }

    @Test
    void whitespaceIsNormalizedToSingleSpaces() {
        assertThat(Schedules.validate("  0\t0  * *\n*  ")).isEqualTo(new Validated.Valid<>("0 0 * * *"));
        assertThat(Schedules.validate(" @daily ")).isEqualTo(new Validated.Valid<>("@daily"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "60 * * * *     | minute field '60' is not a value in 0-59",
        "* 24 * * *     | hour field '24' is not a value in 0-23",
        "* * 0 * *      | day-of-month field '0' is not a value in 1-31",
        "* * 32 * *     | day-of-month field '32' is not a value in 1-31",
        "* * * 0 *      | month field '0' is not a value in 1-12 or JAN-DEC",
        "* * * 13 *     | month field '13' is not a value in 1-12 or JAN-DEC",
        "* * * * 8      | day-of-week field '8' is not a value in 0-7 or SUN-SAT",
        "* * * JANUARY * | month field 'JANUARY' is not a value",
        "* * * * MONDAY | day-of-week field 'MONDAY' is not a value",
        "* * * MON *    | month field 'MON' is not a value",
        "* * * * JAN    | day-of-week field 'JAN' is not a value",
        "-1 * * * *     | minute field '-1' is not a value",
        "30-10 * * * *  | range whose start is after its end",
        "* * * DEC-JAN * | range whose start is after its end",
        "*/0 * * * *    | step that is not a whole number from 1 to 59",
        "*/60 * * * *   | step that is not a whole number from 1 to 59",
        "*/x * * * *    | step that is not a whole number",
        "*/ * * * *     | step that is not a whole number",
        "5/15 * * * *   | steps only a range",
        "*/5/2 * * * *  | more than one '/'",
        "1,,2 * * * *   | empty list item",
        "1, * * * *     | empty list item",
        "? * * * *      | minute field '?' is not a value",
        "* * L * *      | day-of-month field 'L' is not a value",
        "* * 15W * *    | day-of-month field '15W' is not a value",
        "* * * * 5#3    | day-of-week field '5#3' is not a value",
        "1.5 * * * *    | minute field '1.5' is not a value",
        "00000 * * * *  | minute field '00000' is not a value",
        "+5 * * * *     | minute field '+5' is not a value",
        "* * * * 1-     | day-of-week field '1-' is not a value"})
    void badCronFieldIsNamedWithItsRule(String cron, String expected) {
        assertThat(problems(cron)).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("schedule");
            assertThat(p.rule()).contains(expected).contains("*/n", "a-b/n", "JAN-DEC", "SUN-SAT");
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0 0 * *         | has 4 fields, not 5",
        "0 0 0 * * *     | has 6 fields, not 5",
        "daily           | has 1 field, not 5",
        "0 0 * * * 2026  | has 6 fields, not 5"})
    void wrongNumberOfFieldsIsRefused(String cron, String expected) {
        assertThat(problems(cron)).singleElement().satisfies(p -> assertThat(p.rule()).contains(expected)
                .contains("minute hour day-of-month month day-of-week", "@daily"));
    }

    @Test
    void everyBadFieldIsReportedNotOnlyTheFirst() {
        assertThat(problems("60 24 0 13 8")).extracting(Problem::rule).hasSize(5)
                .anySatisfy(r -> assertThat(r).startsWith("minute field"))
                .anySatisfy(r -> assertThat(r).startsWith("hour field"))
                .anySatisfy(r -> assertThat(r).startsWith("day-of-month field"))
                .anySatisfy(r -> assertThat(r).startsWith("month field"))
                .anySatisfy(r -> assertThat(r).startsWith("day-of-week field"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t\n"})
    void blankIsRefused(String blank) {
        assertThat(problems(blank)).singleElement().satisfies(p -> assertThat(p.rule()).contains("@hourly"));
    }

    @Test
    void nullIsRequired() {
        assertThat(problems(null)).singleElement().satisfies(p -> assertThat(p.rule()).startsWith("is required"));
    }

    @Test
    void hugeOrNulScheduleIsRefusedWithoutEchoingIt() {
        String huge = "1,".repeat(500) + "1 * * * *";
        assertThat(problems(huge)).singleElement().satisfies(p -> assertThat(p.rule()).doesNotContain("1,1,"));
        assertThat(problems("0 0 * * *\0")).hasSize(1);
    }

    @Test
    void controlCharactersInAFieldAreEscapedInTheProblem() {
        assertThat(problems("0 0 * * 1\u0007")).singleElement()
                .satisfies(p -> assertThat(p.rule()).contains("\\u0007").doesNotContain("\u0007"));
    }

    @Test
    void problemGivesTheFirstProblemOrNone() {
        assertThat(Schedules.problem("@daily")).isEmpty();
        assertThat(Schedules.problem("61 * * * *")).hasValueSatisfying(p -> assertThat(p.field()).isEqualTo("schedule"));
    }
}
