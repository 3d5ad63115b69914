package dev.hfjobs.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hfjobs.Deadline;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RouterTest {
    static ApiCall call(String method, String path) {
        return new ApiCall(new HttpEvent(method, path, Map.of(), Map.of(), null, "tester", "r-1", "", null),
                Deadline.after(Duration.ofSeconds(5)), null);
    }

    static HttpAnswer ok(String what) {
        return HttpAnswer.text(200, "text/plain", what);
    }

    @Test
    void familyKeyIsTheFirstSegmentOrApiAndTheSecond() {
        assertThat(Router.key("/jobs")).isEqualTo("jobs");
        assertThat(Router.key("/jobs/abc/logs")).isEqualTo("jobs");
        assertThat(Router.key("/api/jobs/alice/abc")).isEqualTo("api/jobs");
        assertThat(Router.key("/api/whoami-v2")).isEqualTo("api/whoami-v2");
        assertThat(Router.key("/api")).isEqualTo("api");
        assertThat(Router.key("/")).isEqualTo("");
    }

    @Test
    void onlyTheFamilyARequestFallsUnderIsBuilt() {
        AtomicInteger jobsBuilt = new AtomicInteger();
        AtomicInteger scheduledBuilt = new AtomicInteger();
        Router router = new Router(List.of(
                new Router.Family(Set.of("jobs"), () -> {
                    jobsBuilt.incrementAndGet();
                    return List.of(Route.of("POST", "/jobs", (c, p) -> ok("submitted")),
                            Route.of("GET", "/jobs/{id}", (c, p) -> ok("job " + p.getFirst())));
                }),
                new Router.Family(Set.of("scheduled-jobs"), () -> {
                    scheduledBuilt.incrementAndGet();
                    return List.of(Route.of("GET", "/scheduled-jobs", (c, p) -> ok("scheduled")));
                })));

        assertThat(router.dispatch(call("POST", "/jobs")).text()).isEqualTo("submitted");
        assertThat(router.dispatch(call("GET", "/jobs/abc")).text()).isEqualTo("job abc");
        assertThat(router.dispatch(call("DELETE", "/jobs/abc")).status()).isEqualTo(405);
        assertThat(router.dispatch(call("GET", "/nothing")).status()).isEqualTo(404);

        assertThat(jobsBuilt).hasValue(1);
        assertThat(scheduledBuilt).hasValue(0);
        assertThat(router.dispatch(call("GET", "/scheduled-jobs")).text()).isEqualTo("scheduled");
        assertThat(scheduledBuilt).hasValue(1);
    }

    @Test
    void routeOutsideItsFamilysKeysIsRefusedWhenBuilt() {
        Router router = new Router(List.of(new Router.Family(Set.of("jobs"), () -> List.of(
                Route.of("GET", "/hardware", (c, p) -> ok("hardware"))))));

        assertThatThrownBy(router::prepareAll).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/hardware");
    }
}
