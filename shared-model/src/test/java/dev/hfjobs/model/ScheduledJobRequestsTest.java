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

    private static final String RULE_UNSCHEDULABLE =
            "is not a field of a scheduled job: create_scheduled_job takes no ssh, network_group or network_aliases";

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
    void defaultNameIsDerivedAsForARunJob() {
        ScheduledJobRequest request = JobRequests.parseScheduled(Wire.parse(
                "{\"image\": \"hf.co/spaces/lhoestq/duckdb\", \"command\": [\"duckdb\"], \"schedule\": \"@daily\"}"))
                .orThrow();

        assertThat(request.spec().name()).contains("lhoestq-duckdb-a24acb5f");
    }

    @Test
    void bodyIsWhatCreateScheduledJobPostsWithItsNameExposeAndResourceGroup() {
        ScheduledJobRequest request = JobRequests.parseScheduled(Wire.parse("""
                {"image": "hf.co/spaces/lhoestq/duckdb", "command": ["duckdb"], "schedule": "@daily", "suspend": true,
                 "concurrency": false, "expose": [7860], "resource_group_id": "rg1", "timeout": 60,
                 "secrets": {"A": "b"}}""")).orThrow();

        // The bytes huggingface_hub 2.0.0's create_scheduled_job posts for the same arguments.
        assertThat(Wire.write(request.body(request.spec()))).isEqualTo("{\"jobSpec\":{\"command\":[\"duckdb\"],"
                + "\"arguments\":[],\"environment\":{},\"flavor\":\"cpu-basic\",\"secrets\":{\"A\":\"b\"},"
                + "\"timeoutSeconds\":60,\"labels\":{\"name\":\"lhoestq-duckdb-a24acb5f\"},\"expose\":"
                + "{\"ports\":[7860]},\"resourceGroupId\":\"rg1\",\"spaceId\":\"lhoestq/duckdb\"},"
                + "\"schedule\":\"@daily\",\"concurrency\":false,\"suspend\":true}");
        assertThat(request.body(request.spec()).toString()).doesNotContain("\"b\"").contains("secrets=[A]");
    }

    @Test
    void givenNameIsKept() {
        ScheduledJobRequest request = JobRequests.parseScheduled(Wire.parse("{" + JOB
                + ", \"schedule\": \"0 3 * * *\", \"name\": \"nightly\"}")).orThrow();
        assertThat(request.spec().labels()).containsExactly(java.util.Map.entry("name", "nightly"));
    }

    @Test
    void sshAndNetworkAreNotScheduledJobFields() {
        assertThat(problems("{" + JOB + ", \"schedule\": \"@daily\", \"ssh\": true, \"network_group\": \"g\","
                + " \"network_aliases\": [\"a\"]}"))
                .extracting(Problem::field, Problem::rule).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ssh", RULE_UNSCHEDULABLE),
                        org.assertj.core.groups.Tuple.tuple("network_group", RULE_UNSCHEDULABLE),
                        org.assertj.core.groups.Tuple.tuple("network_aliases", RULE_UNSCHEDULABLE));
    }

    @Test
    void newFieldsFollowTheSubmitRules() {
        assertThat(problems("{" + JOB + ", \"schedule\": \"@daily\", \"name\": \"a/b\", \"expose\": [0],"
                + " \"resource_group_id\": \"\"}")).extracting(Problem::field)
                .containsExactly("name", "expose[0]", "resource_group_id");
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
