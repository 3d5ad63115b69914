package dev.hfjobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfjobs.emulator.HfJobsEmulator;
import dev.hfjobs.hub.HfJobsClient;
import dev.hfjobs.hub.HubResult;
import dev.hfjobs.hub.RetryPolicy;
import dev.hfjobs.hub.TokenProvider;
import dev.hfjobs.model.JobInfo;
import dev.hfjobs.model.JobRequests;
import dev.hfjobs.model.Wire;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The JDK's HTTP client never resends a POST by itself in a process started as Lambda starts one:
 * a fresh JVM without {@code sun.net.http.retryPost} on its command line, whose first code is a
 * handler's static initializer. (The test JVMs get the property from the build, so only a fresh
 * process shows that the handlers set it early enough.)
 */
class NoResentPostTest {

    @Test
    void aCreateWhoseAnswerIsLostIsSentOnceOnAFreshOrAKeptAliveConnection() throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), Child.class.getName(),
                "dev.hfjobs.api.ApiFunction"));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child JVM ended").isTrue();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.exitValue()).as(out).isZero();
        // Buffered (the fast way) and yet each dropped create reached the Hub once: 3 POSTs, 3 jobs.
        assertThat(out).contains("buffered=true", "kept-alive set-up=ok", "dropped on a fresh connection=lost",
                "dropped on a kept-alive connection=lost", "posts=3", "jobs=3");
    }

    /** The child: the handler class first, then the Hub client against the emulator. */
    public static final class Child {
        public static void main(String[] args) throws IOException, ClassNotFoundException {
            if (System.getProperty("sun.net.http.retryPost") != null) {
                throw new IllegalStateException("the property must not come from the command line here");
            }
            Class.forName(args[0], true, Child.class.getClassLoader());
            try (HfJobsEmulator hub = HfJobsEmulator.builder().start()) {
                HfJobsClient client = HfJobsClient.builder().endpoint(hub.endpoint()).tokens(new TokenProvider() {
                    @Override
                    public String token(Deadline deadline) {
                        return "hf_test_alice";
                    }

                    @Override
                    public void invalidate() {
                        // Nothing cached.
                    }
                }).retry(RetryPolicy.NONE).build();
                var spec = JobRequests.parseSubmit(Wire.parse("{\"image\": \"python:3.12\", \"command\": [\"true\"]}"),
                        Set.of()).orThrow().spec();
                System.out.println("buffered=" + UrlConnections.bufferedPost());
                // The emulator drops a create's connection after creating, so its answer is lost:
                // first on a new connection, then on one kept alive from the create in between.
                hub.dropAfterCreate(1);
                System.out.println("dropped on a fresh connection=" + outcome(client.createJob("alice", spec,
                        soon())));
                System.out.println("kept-alive set-up=" + outcome(client.createJob("alice", spec, soon())));
                hub.dropAfterCreate(1);
                System.out.println("dropped on a kept-alive connection=" + outcome(client.createJob("alice", spec,
                        soon())));
                System.out.println("posts=" + hub.requests().stream().filter(r -> r.method().equals("POST")).count());
                System.out.println("jobs=" + hub.createdJobCount());
            }
            System.exit(0);
        }

        private static String outcome(HubResult<JobInfo> result) {
            return switch (result) {
                case HubResult.Ok<JobInfo> ok -> "ok";
                case HubResult.Failed<JobInfo> failed -> failed.error().mayHaveTakenEffect() ? "lost" : "refused";
            };
        }

        private static Deadline soon() {
            return Deadline.after(Duration.ofSeconds(10));
        }
    }
}
