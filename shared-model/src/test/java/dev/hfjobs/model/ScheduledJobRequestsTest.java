package dev.hfjobs.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link JobRequests#parseScheduled}: a submit request plus schedule, suspend and concurrency. */
class ScheduledJobRequestsTest {
    private static final String JOB = """
            "image": "python:3.12", "command": ["python", "job.py"], "secrets": {"WANDB_API_KEY": "s3cr3t-wandb-value"}""";

    private static List<Problem> problems(String json) {
        return switch (JobRequests.parseScheduled(Wire.parse(json))) {
            case Validated.Valid<ScheduledJobRequest> valid -> List.of();
            case Validated.Invalid<ScheduledJobRequest> invalid -> invalid.problems();
        };
    }

    @Test
    void validRequestCarriesTheSpecScheduleAndFlags() {
        ScheduledJobRequest request = JobRequests.parseScheduled(Wire.parse("{" + JOB
                + ", \"schedule\": \" 0 3 * * mon-fri \", \"suspend\": true, \"concurrency\": false,"
                + " \"namespace\": \"acme-ml\", \"timeout\": \"1h\"}")).orThrow();

        assertThat(request.schedule()).isEqualTo("0 3 * * mon-fri");
        assertThat(request.suspend()).isTrue();
        assertThat(request.concurrency()).isFalse();
        assertThat(request.requestedNamespace()).contains("acme-ml");
        assertThat(request.spec().dockerImage()).isEqualTo("python:3.12");
        assertThat(request.spec().timeoutSeconds()).isEqualTo(3600);
        assertThat(request.spec().secrets()).containsEntry("WANDB_API_KEY", "s3cr3t-wandb-value");
    }

    @Test
    void suspendAndConcurrencyAreOptional() {
        ScheduledJobRequest request = JobRequests.parseScheduled(Wire.parse("{" + JOB
                + ", \"schedule\": \"@hourly\", \"suspend\": null}")).orThrow();

        assertThat(request.suspend()).isNull();
        assertThat(request.concurrency()).isNull();
        assertThat(request.requestedNamespace()).isEmpty();
    }

    @Test
    void scheduleIsRequired() {
        assertThat(problems("{" + JOB + "}")).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("schedule");
            assertThat(p.rule()).startsWith("is required").contains("@daily", "5-field cron");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"3", "true", "[\"@daily\"]", "{}"})
    void scheduleThatIsNotAStringIsRefused(String schedule) {
        assertThat(problems("{" + JOB + ", \"schedule\": " + schedule + "}")).singleElement()
                .satisfies(p -> assertThat(p.rule()).startsWith("must be a string"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"true\"", "1", "0", "\"yes\"", "{}"})
    void flagsOfTheWrongTypeAreProblems(String value) {
        assertThat(problems("{" + JOB + ", \"schedule\": \"@daily\", \"suspend\": " + value + ", \"concurrency\": "
                + value + "}")).extracting(Problem::field).containsExactly("suspend", "concurrency");
    }

    @Test
    void scheduleProblemsComeWithTheSubmitFieldsProblems() {
        List<Problem> problems = problems("""
                {"image": "", "command": [], "timout": "2h", "labels": {"hfjobs-source": "x"},
                 "schedule": "60 * * * 8", "suspend": "no", "concurrency": 1}""");

        assertThat(problems).extracting(Problem::field).containsExactlyInAnyOrder("timout", "image", "command",
                "labels.hfjobs-source", "schedule", "schedule", "suspend", "concurrency");
    }

    @Test
    void unknownFieldNamesTheScheduleFieldsAsKnown() {
        assertThat(problems("{" + JOB + ", \"schedule\": \"@daily\", \"cron\": \"x\"}")).singleElement()
                .satisfies(p -> {
                    assertThat(p.field()).isEqualTo("cron");
                    assertThat(p.rule()).contains("schedule", "suspend", "concurrency");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"@daily\"", "null"})
    void bodyThatIsNotAnObjectIsRefused(String json) {
        assertThat(problems(json)).singleElement().extracting(Problem::field).isEqualTo("$");
    }

    @Test
    void problemsNeverQuoteASecretValue() {
        assertThat(problems("{" + JOB + ", \"schedule\": \"s3cr3t-wandb-value\"}"))
                .allSatisfy(p -> assertThat(p.toString()).doesNotContain("s3cr3t"));
        assertThat(JobRequests.parseScheduled(Wire.parse("{" + JOB + ", \"schedule\": \"@daily\"}")).orThrow()
                .toString()).doesNotContain("s3cr3t");
    }
}
