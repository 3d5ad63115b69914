package dev.hfjobs.emulator;

import static dev.hfjobs.emulator.HubClient.spec;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecordingTest extends EmulatorTest {

    private final TestClock clock = TestClock.at("2026-02-02T08:00:00Z");
    @Override
    HfJobsEmulator.Builder configure(HfJobsEmulator.Builder builder) {
        return builder.clock(clock);
    }

    @Test
    void everyApiRequestIsRecordedWithoutItsToken() throws IOException {
        alice.post("/api/jobs/alice", spec().put("flavor", "t4-small"));
        alice.get("/api/jobs/alice?stage=RUNNING&label=a%3Db");
        alice.withToken("hf_unknown").get("/api/whoami-v2");

        assertThat(emulator.requests()).hasSize(3).satisfiesExactly(
                create -> {
                    assertThat(create.method()).isEqualTo("POST");
                    assertThat(create.path()).isEqualTo("/api/jobs/alice");
                    assertThat(create.body()).contains("\"t4-small\"");
                    assertThat(create.header("Content-Type")).hasValue("application/json");
                    assertThat(create.header("Authorization")).hasValue("Bearer " + RecordedRequest.REDACTED);
                    assertThat(create.user()).hasValue("alice");
                    assertThat(create.receivedAt()).isEqualTo(Instant.parse("2026-02-02T08:00:00Z"));
                },
                list -> assertThat(list.query()).isEqualTo("stage=RUNNING&label=a%3Db"),
                whoami -> assertThat(whoami.user()).isEmpty());
        assertThat(emulator.requests().toString()).doesNotContain("hf_test_alice", "hf_unknown");
    }

    @Test
    void streamsAndLabelUpdatesAreRecordedWithoutTheirTokenToo() throws Exception {
        String id = alice.createJobId("alice", spec());
        emulator.setStage(id, JobStage.COMPLETED, null);
        emulator.clearRequests();

        alice.get("/api/jobs/alice/" + id + "/logs?tail=3");
        alice.get("/api/jobs/alice/" + id + "/metrics");
        alice.put("/api/jobs/alice/" + id + "/labels", "{\"labels\": {\"name\": \"renamed\"}}");

        assertThat(emulator.requests()).extracting(request -> request.method() + " " + request.path() + "?"
                + request.query()).containsExactly(
                "GET /api/jobs/alice/" + id + "/logs?tail=3",
                "GET /api/jobs/alice/" + id + "/metrics?",
                "PUT /api/jobs/alice/" + id + "/labels?");
        assertThat(emulator.requests()).allSatisfy(request -> {
            assertThat(request.header("Authorization")).hasValue("Bearer " + RecordedRequest.REDACTED);
            assertThat(request.user()).hasValue("alice");
        });
        assertThat(emulator.requests().getLast().body()).contains("renamed");
    }

    @Test
    void faultedRequestsAreRecordedToo() throws IOException {
        emulator.rateLimitNext(1, 1);

        alice.get("/api/jobs/alice");

        assertThat(emulator.requests()).hasSize(1);
    }

    @Test
    void adminRequestsAreNotRecorded() throws IOException {
        alice.withToken(null).get("/_emulator/jobs");

        assertThat(emulator.requests()).isEmpty();
    }

    @Test
    void clearRequestsForgetsThem() throws IOException {
        alice.get("/api/jobs/alice");

        emulator.clearRequests();

        assertThat(emulator.requests()).isEmpty();
    }
}
