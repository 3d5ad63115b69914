package dev.hfjobs.localstack;

import dev.hfjobs.Log;
import dev.hfjobs.aws.AwsClients;
import dev.hfjobs.devstack.MotoProcess;
import dev.hfjobs.devstack.ResourceNames;
import dev.hfjobs.devstack.StackClients;
import dev.hfjobs.devstack.TemplateResources;
import dev.hfjobs.emulator.HfJobsEmulator;
import dev.hfjobs.localinvoke.SamTemplate;
import dev.hfjobs.wiring.Wiring;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * {@code scripts/bench-poller [jobs] [latencyMillis]}: the status poller alone at scale, the same
 * measurement as {@code scripts/bench}'s poller rows ({@link PollerScale}) with the size and the
 * Hub's latency chosen: Hub calls and wall time of a quiet run and of one after 2 % of the jobs
 * changed, next to the bound ceil(active / page) + changed + one log read per job that ended (their
 * logs copied to a CloudWatch Logs group, as the template's poller does).
 */
public final class PollerBench {
    private PollerBench() {}

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Duration latency = Duration.ofMillis(args.length > 1 ? Long.parseLong(args[1]) : 50);
        Path work = Files.createTempDirectory("hf-jobs-bench-poller");
        Log.redirect(line -> { });
        try (MotoProcess moto = MotoProcess.start(0, work.resolve("moto.log"));
                HfJobsEmulator hub = HfJobsEmulator.builder().user("alice", LocalStory.TOKEN, "acme-ml",
                        "acme-research").start()) {
            String table = new TemplateResources(SamTemplate.load(Path.of("template.yaml")),
                    StackClients.forEndpoint(moto.endpoint())).only(Set.of("AWS::DynamoDB::Table"))
                    .create(ResourceNames.unique("bench-poller")).table("JobsTable").name();
            AwsClients aws = AwsClients.forEndpoint(moto.endpoint(), Region.US_EAST_1,
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")));
            String secret = "bench-poller-token";
            aws.secretsManager().createSecret(b -> b.name(secret).secretString(LocalStory.TOKEN));
            // The finished jobs' logs are copied, as the template's poller does (JOB_LOG_GROUP).
            String logGroup = "/hf-jobs/bench-poller-" + ProcessHandle.current().pid();
            aws.logs().createLogGroup(b -> b.logGroupName(logGroup));
            Map<String, String> env = Map.of("HF_ENDPOINT", hub.endpoint().toString(), "HF_TOKEN_SECRET_ID", secret,
                    "JOBS_TABLE_NAME", table, "EVENT_BUS_NAME", "default", "JOB_LOG_GROUP", logGroup);
            System.out.printf(Locale.ROOT, "poller: %,d tracked jobs in %d namespaces, Hub latency %d ms; setting up ...%n",
                    jobs, PollerScale.NAMESPACES.size(), latency.toMillis());
            PollerScale.Result r = PollerScale.run(Wiring.fromEnvironment(env, aws), hub, jobs, latency);
            System.out.printf(Locale.ROOT, "%-32s %10s %9s  %s%n", "run", "Hub calls", "wall", "bound");
            System.out.printf(Locale.ROOT, "%-32s %10d %8.1fs  <= %d pages%n", "quiet", r.quietCalls(),
                    r.quietMillis() / 1000.0, r.pages());
            System.out.printf(Locale.ROOT, "%-32s %10d %8.1fs  <= %d + %d + %d log reads = %d%n",
                    r.changes() + " jobs changed (" + r.finished() + " ended)", r.movingCalls(),
                    r.movingMillis() / 1000.0, r.pages(), r.changes(), r.finished(),
                    r.pages() + r.changes() + r.finished());
        }
        System.exit(0);
    }
}
