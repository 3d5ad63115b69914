package dev.hfjobs.emulator;

import static dev.hfjobs.emulator.HubClient.json;
import static dev.hfjobs.emulator.HubClient.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class FaultsTest extends EmulatorTest {


    @Test
    void latencyDelaysEveryAnswer() throws IOException {
        emulator.latency(Duration.ofMillis(300));

        long start = System.nanoTime();
        alice.get("/api/jobs/alice");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void failNextAnswersTheStatusForMatchingRequestsOnly() throws IOException {
        emulator.failNext("POST", "^/api/jobs/alice$", 2, 503);

        assertThat(alice.get("/api/jobs/alice").statusCode()).isEqualTo(200);
        ErrorsTest.assertError(alice.post("/api/jobs/alice", spec()), 503);
        ErrorsTest.assertError(alice.post("/api/jobs/alice", spec()), 503);
        assertThat(emulator.createdJobCount()).isZero();
        assertThat(alice.post("/api/jobs/alice", spec()).statusCode()).isEqualTo(200);
    }

    @Test
    void http429CarriesRetryAfter() throws IOException {
        emulator.rateLimitNext(1, 7);

        HttpResponse<String> limited = alice.get("/api/jobs/alice");

        ErrorsTest.assertError(limited, 429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(limited.headers().firstValue("RateLimit")).hasValue("\"api\";r=0;t=7");
        assertThat(alice.get("/api/jobs/alice").statusCode()).isEqualTo(200);
    }

    @Test
    void dropAfterCreateLeavesTheJobButNoAnswer() throws IOException {
        emulator.dropAfterCreate(1);

        assertThatThrownBy(() -> alice.post("/api/jobs/alice", HubClient.labeled("hfjobs-request", "r1")))
                .isInstanceOf(IOException.class);

        assertThat(emulator.jobs()).singleElement()
                .satisfies(job -> assertThat(job.labels()).containsEntry("hfjobs-request", "r1"));
        assertThat(ListingTest.ids(alice.get("/api/jobs/alice?label=hfjobs-request%3Dr1"))).hasSize(1);
        assertThat(alice.post("/api/jobs/alice", spec()).statusCode()).isEqualTo(200);
    }

    @Test
    void dropAfterCreateSparesFailedCreates() throws IOException {
        emulator.dropAfterCreate(1);

        assertThat(alice.post("/api/jobs/alice", "{}").statusCode()).isEqualTo(400);

        assertThatThrownBy(() -> alice.post("/api/jobs/alice", spec())).isInstanceOf(IOException.class);
    }

    @Test
    void malformedNextAnswersBrokenJsonAfterDoingTheWork() throws IOException {
        emulator.malformedNext(1);

        HttpResponse<String> response = alice.post("/api/jobs/alice", spec());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> HubClient.MAPPER.readTree(response.body()))
                .isInstanceOf(JsonProcessingException.class);
        assertThat(emulator.createdJobCount()).isEqualTo(1);
        assertThat(json(alice.get("/api/jobs/alice")).size()).isEqualTo(1);
    }

    @Test
    void faultsLeaveTheAdminApiAlone() throws IOException {
        emulator.failNext("*", ".*", 5, 500);
        emulator.rateLimitNext(5, 1);
        HubClient admin = alice.withToken(null);

        assertThat(admin.get("/_emulator/jobs").statusCode()).isEqualTo(200);
        assertThat(admin.post("/_emulator/reset", null).statusCode()).isEqualTo(204);
        assertThat(alice.get("/api/jobs/alice").statusCode()).isEqualTo(200);
    }

    @Test
    void concurrentRequestsAreAllServed() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(48);
        try {
            List<Future<Integer>> creates = new ArrayList<>();
            for (int i = 0; i < 96; i++) {
                String namespace = i % 2 == 0 ? "alice" : "acme-ml";
                creates.add(pool.submit(() -> alice.post("/api/jobs/" + namespace, spec()).statusCode()));
                creates.add(pool.submit(() -> alice.get("/api/jobs/" + namespace).statusCode()));
            }
            for (Future<Integer> status : creates) {
                assertThat(status.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(emulator.createdJobCount()).isEqualTo(96);
        assertThat(emulator.jobs()).extracting(JobSnapshot::id).doesNotHaveDuplicates().hasSize(96);
    }
}
