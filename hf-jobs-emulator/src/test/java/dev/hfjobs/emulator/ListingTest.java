package dev.hfjobs.emulator;

import static dev.hfjobs.emulator.HubClient.json;
import static dev.hfjobs.emulator.HubClient.labeled;
import static dev.hfjobs.emulator.HubClient.spec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ListingTest extends EmulatorTest {

    private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");


    @Test
    void listsTheNamespaceNewestFirst() throws IOException {
        String first = alice.createJobId("alice", spec());
        String second = alice.createJobId("alice", spec());
        alice.createJobId("acme-ml", spec());

        assertThat(ids(alice.get("/api/jobs/alice"))).containsExactly(second, first);
    }

    @Test
    void repeatedStagesAreOred() throws IOException {
        String running = alice.createJobId("alice", spec());
        String completed = alice.createJobId("alice", spec());
        alice.createJobId("alice", spec());
        emulator.setStage(running, JobStage.RUNNING, null);
        emulator.setStage(completed, JobStage.COMPLETED, null);

        assertThat(ids(alice.get("/api/jobs/alice?stage=RUNNING&stage=COMPLETED")))
                .containsExactly(completed, running);
    }

    @Test
    void repeatedLabelsAreAnded() throws IOException {
        String both = alice.createJobId("alice", labeled("team", "ml", "env", "prod"));
        alice.createJobId("alice", labeled("team", "ml", "env", "dev"));
        alice.createJobId("alice", labeled("team", "data", "env", "prod"));

        assertThat(ids(alice.get("/api/jobs/alice?label=team%3Dml&label=env%3Dprod"))).containsExactly(both);
    }

    @Test
    void bareLabelKeyMatchesAnyValue() throws IOException {
        String tracked = alice.createJobId("alice", labeled("hfjobs-request", "abc"));
        String other = alice.createJobId("alice", labeled("hfjobs-request", "def"));
        alice.createJobId("alice", spec());

        assertThat(ids(alice.get("/api/jobs/alice?label=hfjobs-request"))).containsExactly(other, tracked);
    }

    @Test
    void pagingFollowsLinkAcrossPagesKeepingTheFilters() throws IOException {
        emulator.pageSize(3);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            expected.addFirst(alice.createJobId("alice", labeled("team", "ml")));
            alice.createJobId("alice", labeled("team", "data"));
        }

        List<String> seen = new ArrayList<>();
        List<String> links = new ArrayList<>();
        Optional<String> next = Optional.of("/api/jobs/alice?stage=SCHEDULING&label=team%3Dml");
        while (next.isPresent()) {
            HttpResponse<String> page = alice.get(next.get());
            assertThat(page.statusCode()).isEqualTo(200);
            seen.addAll(ids(page));
            next = nextLink(page);
            next.ifPresent(links::add);
        }

        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(links).hasSize(2).allSatisfy(link -> assertThat(link)
                .startsWith(emulator.endpoint() + "/api/jobs/alice?")
                .contains("stage=SCHEDULING", "label=team%3Dml", "cursor="));
    }

    @Test
    void pagesDoNotShiftWhenJobsAreCreatedMeanwhile() throws IOException {
        emulator.pageSize(2);
        List<String> older = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            older.addFirst(alice.createJobId("alice", spec()));
        }
        HttpResponse<String> first = alice.get("/api/jobs/alice");
        alice.createJobId("alice", spec());

        HttpResponse<String> second = alice.get(nextLink(first).orElseThrow());

        assertThat(ids(second)).containsExactlyElementsOf(older.subList(2, 4));
        assertThat(nextLink(second)).isEmpty();
    }

    @Test
    void aSinglePageHasNoLink() throws IOException {
        alice.createJobId("alice", spec());

        assertThat(alice.get("/api/jobs/alice").headers().firstValue("Link")).isEmpty();
    }

    @Test
    void invalidCursorIs400() throws IOException {
        ErrorsTest.assertError(alice.get("/api/jobs/alice?cursor=garbage"), 400);
    }

    @Test
    void legacyModeIgnoresFiltersAndReturnsTheNewest100WithoutLink() throws IOException {
        emulator.pageSize(10);
        emulator.legacyMode(true);
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 105; i++) {
            created.addFirst(alice.createJobId("alice", spec()));
        }

        HttpResponse<String> page = alice.get("/api/jobs/alice?stage=COMPLETED&label=x%3Dy");

        assertThat(ids(page)).containsExactlyElementsOf(created.subList(0, 100));
        assertThat(page.headers().firstValue("Link")).isEmpty();
    }

    @Test
    void legacyModeStartsJobsRunning() throws IOException {
        emulator.legacyMode(true);

        JsonNode job = alice.createJob("alice", spec());

        assertThat(job.path("status").path("stage").asText()).isEqualTo("RUNNING");
        assertThat(job.path("startedAt").asText()).isEqualTo(job.path("createdAt").asText());
    }

    static List<String> ids(HttpResponse<String> response) {
        List<String> ids = new ArrayList<>();
        json(response).forEach(job -> ids.add(job.path("id").asText()));
        return ids;
    }

    static Optional<String> nextLink(HttpResponse<String> response) {
        return response.headers().firstValue("Link").map(NEXT::matcher).filter(Matcher::find)
                .map(matcher -> matcher.group(1));
    }
}
