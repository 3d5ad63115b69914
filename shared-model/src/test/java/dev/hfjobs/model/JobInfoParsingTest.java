package dev.hfjobs.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every example body of the reference doc parses, and so do the variants the doc says to tolerate;
 * the fields huggingface_hub 2.0 reads ({@code status.exposeUrls}, {@code status.sshUrl},
 * {@code initiator}, {@code network}) are kept and written back in the Hub's shape.
 */
class JobInfoParsingTest {
    static final String JOB = """
            {
              "id": "687fb701029421ae5549d998",
              "createdAt": "2025-07-22T16:06:25.079Z",
              "startedAt": "2025-07-22T16:06:31.079Z",
              "finishedAt": null,
              "dockerImage": "python:3.12",
              "spaceId": null,
              "command": ["python", "-c", "print('Hello from the cloud!')"],
              "arguments": [],
              "environment": {},
              "secrets": {},
              "flavor": "cpu-basic",
              "labels": {"team": "ml", "name": "python-3-12-c94be69f"},
              "volumes": [{"type": "dataset", "source": "HuggingFaceFW/fineweb", "mountPath": "/data"}],
              "status": {"stage": "RUNNING", "message": null,
                         "exposeUrls": ["https://687fb701029421ae5549d998--8000.hf.jobs"],
                         "sshUrl": "ssh://687fb701029421ae5549d998@ssh.hf.jobs"},
              "durations": {"schedulingSecs": 6, "runningSecs": 2, "totalSecs": 8},
              "owner": {"id": "5e9ecfc04957053f60648a3e", "name": "lhoestq", "type": "user"},
              "initiator": {"type": "user", "id": "5e9ecfc04957053f60648a3e", "name": "lhoestq"},
              "network": {"group": "train", "aliases": ["master"]}
            }""";

    private static JobInfo job(String json) {
        return Wire.read(Wire.parse(json), JobInfo.class);
    }

    @Test
    void referenceJobParsesEveryField() {
        JobInfo job = job(JOB);

        assertThat(job.id()).isEqualTo("687fb701029421ae5549d998");
        assertThat(job.createdAt()).isEqualTo(Instant.parse("2025-07-22T16:06:25.079Z"));
        assertThat(job.finishedAt()).isNull();
        assertThat(job.stage()).isEqualTo(JobStage.RUNNING);
        assertThat(job.durations().runningSecs()).isEqualTo(2L);
        assertThat(job.volumes()).containsExactly(new Volume("dataset", "HuggingFaceFW/fineweb", "/data", null, null, null));
        assertThat(job.initiator().name()).isEqualTo("lhoestq");
        assertThat(job.url(URI.create("https://huggingface.co/"), "x"))
                .isEqualTo(URI.create("https://huggingface.co/jobs/lhoestq/687fb701029421ae5549d998"));
    }

    @Test
    void referenceJobKeepsThe20Fields() {
        JobInfo job = job(JOB);

        assertThat(job.status().exposeUrls()).containsExactly("https://687fb701029421ae5549d998--8000.hf.jobs");
        assertThat(job.status().sshUrlIfAny()).contains("ssh://687fb701029421ae5549d998@ssh.hf.jobs");
        assertThat(job.initiator()).isEqualTo(new JobInitiator("user", "5e9ecfc04957053f60648a3e", "lhoestq"));
        assertThat(job.network()).isEqualTo(new JobNetwork("train", List.of("master")));
        assertThat(job.labels()).containsEntry("name", "python-3-12-c94be69f");
    }

    @Test
    void the20FieldsAreWrittenBackInTheHubsShape() {
        JsonNode written = Wire.mapper().valueToTree(job(JOB));
        JsonNode original = Wire.parse(JOB);

        for (String field : List.of("status", "initiator", "network", "labels", "owner", "durations")) {
            assertThat(Wire.write(written.get(field))).as(field).isEqualTo(Wire.write(original.get(field)));
        }
        assertThat(Wire.write(written.get("initiator"))).isEqualTo(
                "{\"type\":\"user\",\"id\":\"5e9ecfc04957053f60648a3e\",\"name\":\"lhoestq\"}");
        assertThat(Wire.write(written.get("status"))).startsWith("{\"stage\":\"RUNNING\",\"message\":null,"
                + "\"exposeUrls\":[");
    }

    @Test
    void jobWithoutThe20FieldsWritesNoneOfThem() {
        JobInfo job = job("""
                {"id": "687fb701029421ae5549d998", "status": {"stage": "COMPLETED", "exposeUrls": null, "sshUrl": null},
                 "initiator": null, "network": null}""");

        assertThat(job.status().exposeUrls()).isEmpty();
        assertThat(job.status().sshUrlIfAny()).isEmpty();
        assertThat(job.initiator()).isNull();
        assertThat(job.network()).isNull();
        JsonNode written = Wire.mapper().valueToTree(job);
        assertThat(written.has("network")).isFalse();
        assertThat(written.has("initiator")).isFalse();
        assertThat(written.get("status").has("exposeUrls")).isFalse();
        assertThat(written.get("status").has("sshUrl")).isFalse();
    }

    @Test
    void networkWithoutAGroupIsNoNetworkAndAliasesDefaultToNone() {
        assertThat(job("{\"id\": \"a\", \"network\": {}}").network()).isNull();
        assertThat(job("{\"id\": \"a\", \"network\": {\"aliases\": [\"x\"]}}").network()).isNull();
        assertThat(job("{\"id\": \"a\", \"network\": {\"group\": \"\"}}").network()).isNull();
        JobInfo grouped = job("{\"id\": \"a\", \"network\": {\"group\": \"g\", \"aliases\": null, \"zone\": 1}}");
        assertThat(grouped.network()).isEqualTo(new JobNetwork("g", List.of()));
        assertThat(Wire.write(grouped.network())).isEqualTo("{\"group\":\"g\"}");
    }

    @Test
    void initiatorOfAScheduledJobHasNoNameAndAnOpenType() {
        JobInfo job = job("""
                {"id": "a", "initiator": {"type": "scheduled-job", "id": "6a43e79b7a748a878b5991cf", "extra": true}}""");

        assertThat(job.initiator()).isEqualTo(new JobInitiator("scheduled-job", "6a43e79b7a748a878b5991cf", null));
        assertThat(Wire.write(job.initiator())).isEqualTo("{\"type\":\"scheduled-job\",\"id\":\"6a43e79b7a748a878b5991cf\"}");
        assertThat(job("{\"id\": \"a\", \"initiator\": {\"type\": \"robot\", \"id\": \"1\"}}").initiator().type())
                .isEqualTo("robot");
    }

    @Test
    void exposeUrlsWithNullItemsOrUnknownStatusFieldsStillParse() {
        JobInfo job = job("""
                {"id": "a", "status": {"stage": "RUNNING", "exposeUrls": ["https://a--1.hf.jobs", null],
                 "ssh_url": "ssh://a@ssh.hf.jobs", "queue": {"position": 3}}}""");

        assertThat(job.status().exposeUrls()).containsExactly("https://a--1.hf.jobs");
        assertThat(job.status().sshUrl()).isEqualTo("ssh://a@ssh.hf.jobs");
    }

    @Test
    void secretValuesOfA20JobAreNeverKept() {
        JobInfo job = job("{\"id\": \"a\", \"secrets\": {\"HF_TOKEN\": \"hf_leaked\"}, \"network\": {\"group\": \"g\"}}");
        assertThat(Wire.write(job)).doesNotContain("hf_leaked").contains("\"HF_TOKEN\":null");
    }

    @Test
    void unknownStageAndUnknownFieldsAreKept() {
        JobInfo job = job("""
                {"id": "687fb701029421ae5549d998", "status": {"stage": "HIBERNATING", "detail": {"x": 1}},
                 "network": {"group": "g"}, "brandNewField": [1, 2], "createdAt": "2025-07-22T16:06:25Z"}""");

        assertThat(job.stage().value()).isEqualTo("HIBERNATING");
        assertThat(job.stage().isKnown()).isFalse();
        assertThat(job.stage().isTerminal()).isFalse();
        assertThat(job.createdAt()).isEqualTo(Instant.parse("2025-07-22T16:06:25Z"));
    }

    @Test
    void minimalJobWithEverythingOptionalMissing() {
        JobInfo job = job("{\"id\": \"687fb701029421ae5549d998\"}");

        assertThat(job.labels()).isEmpty();
        assertThat(job.volumes()).isEmpty();
        assertThat(job.durations()).isNull();
        assertThat(job.stage().value()).isEqualTo("UNKNOWN");
        assertThat(job.url(URI.create("https://hf.co"), "acme")).hasToString("https://hf.co/jobs/acme/687fb701029421ae5549d998");
    }

    @Test
    void secretsAsObjectOrListKeepNamesOnly() {
        JobInfo asObject = job("{\"id\": \"a\", \"secrets\": {\"HF_TOKEN\": \"leaked-value\", \"B\": null}}");
        JobInfo asList = job("{\"id\": \"a\", \"secrets\": [\"HF_TOKEN\", \"B\"]}");

        assertThat(asObject.secrets()).containsOnlyKeys("HF_TOKEN", "B").containsValues(null, null);
        assertThat(asList.secrets()).isEqualTo(asObject.secrets());
        assertThat(Wire.write(asObject)).doesNotContain("leaked-value");
    }

    @Test
    void snakeCaseFieldsAreRead() {
        JobInfo job = job("""
                {"id": "a", "created_at": "2025-07-22T16:06:25.079Z", "docker_image": "python:3.12",
                 "durations": {"running_secs": 61}, "volumes": [{"type": "model", "source": "a/b",
                 "mount_path": "/m", "read_only": true}]}""");

        assertThat(job.createdAt()).isNotNull();
        assertThat(job.dockerImage()).isEqualTo("python:3.12");
        assertThat(job.runningSeconds()).contains(61L);
        assertThat(job.volumes().getFirst().readOnly()).isTrue();
    }

    @Test
    void partialDurationsAndNullMessage() {
        JobInfo job = job("{\"id\": \"a\", \"durations\": {\"totalSecs\": 3}, \"status\": {\"stage\": \"SCHEDULING\"}}");
        assertThat(job.durations().runningSecs()).isNull();
        assertThat(job.status().messageIfAny()).isEmpty();
    }

    @Test
    void jobWrittenBackUsesTheHubsCamelCaseShape() {
        JsonNode written = Wire.mapper().valueToTree(job(JOB));
        assertThat(written.get("createdAt").asText()).isEqualTo("2025-07-22T16:06:25.079Z");
        assertThat(written.get("status").get("stage").asText()).isEqualTo("RUNNING");
        assertThat(written.get("volumes").get(0).get("mountPath").asText()).isEqualTo("/data");
    }

    @Test
    void hardwareOfTheReferenceDocParses() {
        List<Hardware> catalog = List.of(Wire.read(Wire.parse("""
                [{"name": "cpu-basic", "prettyName": "CPU Basic", "cpu": "2 vCPU", "ram": "16 GB",
                  "ephemeralStorage": "50 GB", "accelerator": null,
                  "unitCostMicroUSD": 167, "unitCostUSD": 0.000167, "unitLabel": "minute"},
                 {"name": "a10g-small", "prettyName": "Nvidia A10G - small", "cpu": "4 vCPU", "ram": "15 GB",
                  "accelerator": {"type": "gpu", "model": "A10G", "quantity": "1", "vram": "24 GB", "manufacturer": "Nvidia"},
                  "unitCostMicroUSD": 16667, "unitCostUSD": 0.016667, "unitLabel": "minute"}]"""), Hardware[].class));

        assertThat(catalog.get(0).accelerator()).isNull();
        assertThat(catalog.get(1).ephemeralStorage()).isNull();
        assertThat(catalog.get(1).accelerator().model()).isEqualTo("A10G");
        assertThat(catalog.get(1).unitCostUSD()).isEqualByComparingTo(new BigDecimal("0.016667"));
        // 61 s bills two started minutes.
        assertThat(catalog.get(1).costMicroUsd(61)).isEqualTo(2 * 16667);
    }

    @Test
    void scheduledJobOfTheReferenceDocParses() {
        ScheduledJobInfo scheduled = Wire.read(Wire.parse("""
                {"id": "6a43e79b7a748a878b5991cf", "createdAt": "2026-06-30T09:00:00.000Z",
                 "schedule": "0 0 * * *", "suspend": false, "concurrency": false,
                 "jobSpec": {"dockerImage": "python:3.12", "command": ["python", "job.py"], "arguments": [],
                             "environment": {}, "flavor": "cpu-basic", "timeoutSeconds": 1800, "labels": {},
                             "secrets": {"HF_TOKEN": "should-not-stay"}},
                 "status": {"lastJob": {"id": "6a4501aafb6818a83db2f3c0", "at": "2026-07-01T11:44:41.000Z"},
                            "nextJobRunAt": "2026-07-02T00:00:00.000Z"},
                 "owner": {"id": "6273f303f6d63a28483fde12", "name": "someone", "type": "user"}}"""),
                ScheduledJobInfo.class);

        assertThat(scheduled.jobSpec().timeoutSeconds()).isEqualTo(1800L);
        assertThat(scheduled.jobSpec().secrets()).containsOnlyKeys("HF_TOKEN");
        assertThat(Wire.write(scheduled)).doesNotContain("should-not-stay");
        assertThat(scheduled.status().lastJob().id()).isEqualTo("6a4501aafb6818a83db2f3c0");
        assertThat(scheduled.status().nextJobRunAt()).isEqualTo(Instant.parse("2026-07-02T00:00:00Z"));
    }

    @Test
    void scheduledJobSpecKeepsExposeAndResourceGroupAndDropsDisabledSsh() {
        ScheduledJobInfo scheduled = Wire.read(Wire.parse("""
                {"id": "6a43e79b7a748a878b5991cf", "schedule": "@daily",
                 "jobSpec": {"spaceId": "lhoestq/duckdb", "command": ["duckdb"], "labels": {"name": "n"},
                             "expose": {"ports": [7860]}, "ssh": {"enabled": false}, "resourceGroupId": "rg1"},
                 "owner": {"id": "6273f303f6d63a28483fde12", "name": "someone", "type": "user"}}"""),
                ScheduledJobInfo.class);

        assertThat(scheduled.jobSpec().exposedPorts()).containsExactly(7860);
        assertThat(scheduled.jobSpec().sshEnabled()).isFalse();
        assertThat(scheduled.jobSpec().resourceGroup()).contains("rg1");
        assertThat(scheduled.jobSpec().name()).contains("n");
        assertThat(Wire.write(scheduled.jobSpec())).contains("\"expose\":{\"ports\":[7860]},\"resourceGroupId\":\"rg1\"")
                .doesNotContain("ssh");
    }

    @Test
    void scheduledJobWithoutStatusOrLastJob() {
        ScheduledJobInfo scheduled = Wire.read(Wire.parse("{\"id\": \"x\", \"schedule\": \"@daily\"}"),
                ScheduledJobInfo.class);
        assertThat(scheduled.status().lastJob()).isNull();
        assertThat(scheduled.jobSpec()).isNull();
    }
}
