package dev.hfjobs.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfjobs.Deadline;
import dev.hfjobs.emulator.Deletion;
import dev.hfjobs.emulator.HfJobsEmulator;
import dev.hfjobs.emulator.RecordedRequest;
import dev.hfjobs.model.Hardware;
import dev.hfjobs.model.JobInfo;
import dev.hfjobs.model.JobRequests;
import dev.hfjobs.model.JobSpec;
import dev.hfjobs.model.JobStage;
import dev.hfjobs.model.ScheduledJobBody;
import dev.hfjobs.model.ScheduledJobInfo;
import dev.hfjobs.model.Wire;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against the real emulator: every endpoint, every error class, retries and their limits. */
class HfJobsClientTest {
    static final String TOKEN = "hf_test_alice";
    static HfJobsEmulator hub;
    HfJobsClient client;
    CountingTokens tokens;

    @BeforeAll
    static void startHub() {
        hub = HfJobsEmulator.builder().start();
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    @BeforeEach
    void freshHub() {
        hub.reset();
        tokens = new CountingTokens(TOKEN);
        client = client(tokens);
    }

    HfJobsClient client(TokenProvider tokenProvider) {
        return HfJobsClient.builder().endpoint(hub.endpoint()).tokens(tokenProvider)
                .retry(new RetryPolicy(4, Duration.ofMillis(20), Duration.ofSeconds(3))).build();
    }

    static Deadline soon() {
        return Deadline.after(Duration.ofSeconds(20));
    }

    static JobSpec spec(String json) {
        return JobRequests.parseSubmit(Wire.parse(json), Set.of()).orThrow().spec();
    }

    static final JobSpec SPEC = spec("""
            {"image": "python:3.12", "command": ["python", "-c", "print(1)"], "env": {"A": "1"},
             "secrets": {"WANDB_API_KEY": "s3cr3t-wandb"}, "flavor": "a10g-small", "timeout": "1.5h",
             "labels": {"team": "ml"}}""");

    List<RecordedRequest> requests(String method, String pathPrefix) {
        return hub.requests().stream().filter(r -> r.method().equals(method) && r.path().startsWith(pathPrefix))
                .toList();
    }

    @Test
    void prefetchedTokenIsReadOnceAndNothingIsSentToTheHub() {
        client.prefetchToken(soon());

        assertThat(tokens.reads).hasValue(1);
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void aTokenThatCannotBePrefetchedIsLeftForTheCallThatNeedsIt() {
        TokenProvider down = new TokenProvider() {
            @Override
            public String token(Deadline deadline) {
                throw new TokenUnavailableException("secret store down", true);
            }

            @Override
            public void invalidate() {
            }
        };

        client(down).prefetchToken(soon());

        assertThat(client(down).createJob("alice", SPEC, soon())).isInstanceOf(HubResult.Failed.class);
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void createdJobIsReturnedAndTheBodyIsTheSpec() {
        JobInfo job = client.createJob("alice", SPEC, soon()).orThrow();

        assertThat(job.id()).matches("[0-9a-f]{24}");
        assertThat(job.flavor()).isEqualTo("a10g-small");
        assertThat(job.secrets()).containsOnlyKeys("WANDB_API_KEY");
        assertThat(job.namespace()).contains("alice");
        RecordedRequest post = requests("POST", "/api/jobs/alice").getFirst();
        assertThat(Wire.write(Wire.parse(post.body()))).isEqualTo(Wire.write(SPEC));
        assertThat(post.header("user-agent").orElseThrow()).matches("hf-jobs-serverless/\\d+\\.\\d+\\.\\d+.* java/\\d+");
        assertThat(post.header("authorization")).contains("Bearer " + RecordedRequest.REDACTED);
    }

    @Test
    void inspectSeesTheStageTheHubMovesTo() {
        JobInfo job = client.createJob("alice", SPEC, soon()).orThrow();
        hub.setStage(job.id(), "RUNNING", null);

        assertThat(client.inspectJob("alice", job.id(), soon()).orThrow().stage()).isEqualTo(JobStage.RUNNING);
    }

    @Test
    void listFollowsLinkPagesWithStageAndLabelFilters() {
        hub.pageSize(3);
        for (int i = 0; i < 8; i++) {
            client.createJob("alice", SPEC.withLabels(Map.of("batch", i % 2 == 0 ? "even" : "odd")), soon()).orThrow();
        }
        JobInfo done = client.createJob("alice", SPEC.withLabels(Map.of("batch", "even")), soon()).orThrow();
        hub.setStage(done.id(), "COMPLETED", null);

        List<JobInfo> even = client.listAllJobs("alice", new JobFilter(Set.of(JobStage.SCHEDULING),
                Map.of("batch", "even")), soon()).orThrow();
        List<JobInfo> all = client.listAllJobs("alice", JobFilter.ALL, soon()).orThrow();

        assertThat(even).hasSize(4).allSatisfy(j -> assertThat(j.labels()).containsEntry("batch", "even"));
        assertThat(all).hasSize(9).extracting(JobInfo::id).doesNotHaveDuplicates();
        assertThat(requests("GET", "/api/jobs/alice").size()).isEqualTo(2 + 3);
    }

    @Test
    void legacyHubIgnoresFiltersAndHasNoPages() {
        hub.legacyMode(true);
        client.createJob("alice", SPEC, soon()).orThrow();
        client.createJob("alice", SPEC.withLabels(Map.of("x", "y")), soon()).orThrow();

        List<JobInfo> jobs = client.listAllJobs("alice", new JobFilter(Set.of(), Map.of("x", "y")), soon()).orThrow();

        assertThat(jobs).hasSize(2).allSatisfy(j -> assertThat(j.stage()).isEqualTo(JobStage.RUNNING));
    }

    @Test
    void cancelAndHardwareAndWhoami() {
        JobInfo job = client.createJob("acme-ml", SPEC, soon()).orThrow();

        assertThat(client.cancelJob("acme-ml", job.id(), soon()).orThrow()).isTrue();
        assertThat(client.inspectJob("acme-ml", job.id(), soon()).orThrow().stage()).isEqualTo(JobStage.CANCELED);
        List<Hardware> catalog = client.hardware(soon()).orThrow();
        assertThat(catalog).extracting(Hardware::name).contains("cpu-basic", "a10g-small");
        assertThat(client.whoami(soon()).orThrow().orgs()).contains("acme-ml");
    }

    @Test
    void scheduledJobRoundTrip() {
        ScheduledJobInfo created = client.createScheduledJob("alice", new ScheduledJobBody(SPEC, "@daily", null,
                null), soon()).orThrow();

        assertThat(created.schedule()).isEqualTo("@daily");
        assertThat(client.listScheduledJobs("alice", Map.of(), soon()).orThrow()).extracting(ScheduledJobInfo::id)
                .containsExactly(created.id());
        assertThat(client.suspendScheduledJob("alice", created.id(), soon()).orThrow()).isTrue();
        assertThat(client.inspectScheduledJob("alice", created.id(), soon()).orThrow().suspend()).isTrue();
        assertThat(client.resumeScheduledJob("alice", created.id(), soon()).orThrow()).isTrue();
        JobInfo run = client.runScheduledJob("alice", created.id(), soon()).orThrow();
        assertThat(run.id()).matches("[0-9a-f]{24}");
        assertThat(client.deleteScheduledJob("alice", created.id(), soon()).orThrow()).isTrue();
        assertThat(client.inspectScheduledJob("alice", created.id(), soon())).isInstanceOfSatisfying(
                HubResult.Failed.class, f -> assertThat(f.error().httpStatus()).contains(404));
    }

    @Test
    void http400CarriesTheHubsMessage() {
        HubResult<JobInfo> result = client.createJob("alice", spec("{\"image\": \"python:3.12\", \"command\": "
                + "[\"ls\"], \"flavor\": \"no-such-flavor\"}"), soon());

        assertThat(result).isInstanceOfSatisfying(HubResult.Failed.class, f -> {
            assertThat(f.error()).isInstanceOf(HubError.Http.class);
            HubError.Http http = (HubError.Http) f.error();
            assertThat(http.status()).isEqualTo(400);
            assertThat(http.message()).contains("no-such-flavor");
            assertThat(http.requestId()).isNotBlank();
            assertThat(f.error().mayHaveTakenEffect()).isFalse();
        });
    }

    @Test
    void http401RereadsTheTokenOnceThenFails() {
        CountingTokens bad = new CountingTokens("hf_wrong_one", "hf_wrong_two", "hf_wrong_three");
        HubResult<JobInfo> result = client(bad).inspectJob("alice", "0123456789abcdef01234567", soon());

        assertThat(result).isInstanceOfSatisfying(HubResult.Failed.class,
                f -> assertThat(f.error().httpStatus()).contains(401));
        assertThat(bad.invalidations.get()).isEqualTo(1);
        assertThat(requests("GET", "/api/jobs/alice")).hasSize(2);
    }

    @Test
    void rotatedTokenIsPickedUpAfter401() {
        CountingTokens rotated = new CountingTokens("hf_old_revoked", TOKEN);
        JobInfo job = client(rotated).createJob("alice", SPEC, soon()).orThrow();

        assertThat(job.id()).isNotBlank();
        assertThat(rotated.invalidations.get()).isEqualTo(1);
        assertThat(hub.createdJobCount()).isEqualTo(1);
    }

    @Test
    void http403ForANamespaceTheTokenCannotUse() {
        assertThat(client.listJobs("someone-else", JobFilter.ALL, soon())).isInstanceOfSatisfying(
                HubResult.Failed.class, f -> assertThat(f.error().httpStatus()).contains(403));
    }

    @Test
    void http404ForAnUnknownJob() {
        assertThat(client.inspectJob("alice", "0123456789abcdef01234567", soon())).isInstanceOfSatisfying(
                HubResult.Failed.class, f -> assertThat(f.error().httpStatus()).contains(404));
    }

    @Test
    void http429RetriesAfterTheHubsDelay() {
        hub.rateLimitNext(1, 1);
        long started = System.nanoTime();

        assertThat(client.hardware(soon())).isInstanceOf(HubResult.Ok.class);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(requests("GET", "/api/jobs/hardware")).hasSize(2);
    }

    @Test
    void http429WithAWaitBeyondTheDeadlineIsReturnedNotSlept() {
        hub.rateLimitNext(1, 30);
        long started = System.nanoTime();

        HubResult<List<Hardware>> result = client.hardware(Deadline.after(Duration.ofSeconds(5)));

        assertThat(result).isInstanceOfSatisfying(HubResult.Failed.class, f -> {
            assertThat(f.error().httpStatus()).contains(429);
            assertThat(((HubError.Http) f.error()).retryAfterIfAny()).contains(Duration.ofSeconds(30));
        });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void http503OnReadsIsRetriedWithBackoff() {
        hub.failNext("GET", "^/api/jobs/hardware$", 2, 503);

        assertThat(client.hardware(soon())).isInstanceOf(HubResult.Ok.class);
        assertThat(requests("GET", "/api/jobs/hardware")).hasSize(3);
    }

    @Test
    void retriesStopAfterTheLastAttempt() {
        hub.failNext("GET", "^/api/jobs/hardware$", 10, 502);

        assertThat(client.hardware(soon())).isInstanceOfSatisfying(HubResult.Failed.class,
                f -> assertThat(f.error().httpStatus()).contains(502));
        assertThat(requests("GET", "/api/jobs/hardware")).hasSize(4);
    }

    @Test
    void postIsNeverRetriedAfter503() {
        hub.failNext("POST", "^/api/jobs/alice$", 1, 503);

        HubResult<JobInfo> result = client.createJob("alice", SPEC, soon());

        assertThat(result).isInstanceOfSatisfying(HubResult.Failed.class,
                f -> assertThat(f.error().mayHaveTakenEffect()).isTrue());
        assertThat(requests("POST", "/api/jobs/alice")).hasSize(1);
    }

    @Test
    void droppedConnectionAfterCreateIsALostAnswerNotARetry() {
        hub.dropAfterCreate(1);

        HubResult<JobInfo> result = client.createJob("alice", SPEC, soon());

        assertThat(result).isInstanceOfSatisfying(HubResult.Failed.class, f -> {
            assertThat(f.error()).isInstanceOf(HubError.Network.class);
            assertThat(f.error().mayHaveTakenEffect()).isTrue();
        });
        assertThat(hub.createdJobCount()).isEqualTo(1);
        assertThat(requests("POST", "/api/jobs/alice")).hasSize(1);
    }

    @Test
    void slowHubEndsAtTheDeadline() {
        hub.latency(Duration.ofSeconds(3));
        long started = System.nanoTime();

        HubResult<List<Hardware>> result = client.hardware(Deadline.after(Duration.ofMillis(700)));

        assertThat(result).isInstanceOfSatisfying(HubResult.Failed.class,
                f -> assertThat(f.error().isTransient()).isTrue());
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1500));
    }

    @Test
    void malformedAnswerIsABadAnswer() {
        hub.malformedNext(1);

        HubResult<List<Hardware>> result = client.hardware(soon());

        assertThat(result).isInstanceOfSatisfying(HubResult.Failed.class,
                f -> assertThat(f.error()).isInstanceOf(HubError.BadAnswer.class));
    }

    @Test
    void namespaceAndIdAreCheckedBeforeAnyRequest() {
        for (String namespace : List.of("../admin", "a/b", "a%2fb", "", "x?y=1")) {
            assertThat(client.listJobs(namespace, JobFilter.ALL, soon())).isInstanceOfSatisfying(
                    HubResult.Failed.class, f -> assertThat(f.error()).isInstanceOf(HubError.InvalidArgument.class));
        }
        assertThat(client.inspectJob("alice", "../../whoami-v2", soon())).isInstanceOfSatisfying(
                HubResult.Failed.class, f -> assertThat(f.error()).isInstanceOf(HubError.InvalidArgument.class));
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void deletedJobIs404OrDeleted() {
        JobInfo gone = client.createJob("alice", SPEC, soon()).orThrow();
        JobInfo deleted = client.createJob("alice", SPEC, soon()).orThrow();
        hub.deleteJob(gone.id(), Deletion.REMOVE);
        hub.deleteJob(deleted.id(), Deletion.MARK_DELETED);

        assertThat(client.inspectJob("alice", gone.id(), soon())).isInstanceOfSatisfying(HubResult.Failed.class,
                f -> assertThat(f.error().httpStatus()).contains(404));
        assertThat(client.inspectJob("alice", deleted.id(), soon()).orThrow().stage()).isEqualTo(JobStage.DELETED);
    }

    @Test
    void tokenNeverAppearsInAnyErrorText() {
        String secretToken = "hf_SECRET_should_never_leak_0123";
        CountingTokens leaky = new CountingTokens(secretToken);
        HfJobsClient c = client(leaky);
        List<HubResult<?>> results = List.of(
                c.inspectJob("alice", "0123456789abcdef01234567", soon()),
                c.createJob("alice", SPEC, soon()),
                c.listJobs("bob", JobFilter.ALL, soon()));
        hub.dropAfterCreate(1);
        for (HubResult<?> result : results) {
            HubError error = ((HubResult.Failed<?>) result).error();
            assertThat(error.describe()).doesNotContain(secretToken);
            assertThat(error.toString()).doesNotContain(secretToken);
            assertThat(new HubException(error).getMessage()).doesNotContain(secretToken);
        }
        assertThat(hub.requests().toString()).doesNotContain(secretToken);
    }
}
