package dev.hfjobs.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** The jobs endpoints, hardware and whoami. */
final class JobsApi {

    private static final String CURSOR = "cursor";
    private static final String CURSOR_PREFIX = "before:";

    private final Hub hub;
    private final Access access;
    private final String fallbackAuthority;

    JobsApi(Hub hub, String fallbackAuthority) {
        this.hub = hub;
        this.access = new Access(hub.directory());
        this.fallbackAuthority = fallbackAuthority;
    }

    List<Router.Route> routes() {
        return List.of(
                Router.Route.of("GET", "/api/jobs/hardware", this::hardware),
                Router.Route.named(Router.Name.CREATE_JOB, "POST", "/api/jobs/{}", this::create),
                Router.Route.of("GET", "/api/jobs/{}", this::list),
                Router.Route.of("GET", "/api/jobs/{}/{}", this::inspect),
                Router.Route.of("POST", "/api/jobs/{}/{}/cancel", this::cancel),
                Router.Route.of("PUT", "/api/jobs/{}/{}/labels", this::labels),
                Router.Route.of("GET", "/api/jobs/{}/{}/logs", this::logs),
                Router.Route.of("GET", "/api/jobs/{}/{}/metrics", this::metrics),
                Router.Route.of("GET", "/api/whoami-v2", this::whoami));
    }

    private Reply create(Call call, List<String> params) {
        Member member = access.member(call);
        Owner owner = access.namespace(member, params.get(0));
        JobSpec spec = hub.parser().parse(call.json()).orElseReject();
        return Reply.ok(WireFormat.job(hub.createJob(owner, member.asInitiator(), spec), hub.now()));
    }

    private Reply list(Call call, List<String> params) {
        Owner owner = access.namespace(call, params.get(0));
        Settings settings = hub.settings();
        if (settings.legacyMode()) {
            return Reply.ok(jobs(hub.store().page(owner.name(), job -> true, Long.MAX_VALUE,
                    Settings.LEGACY_LIST_LIMIT).jobs()));
        }
        QueryString query = call.query();
        JobStore.Page page = hub.store().page(owner.name(), filter(query), before(query), settings.pageSize());
        Map<String, String> headers = page.nextBefore()
                .map(before -> Map.of("Link", "<" + nextPage(call, query, before) + ">; rel=\"next\""))
                .orElse(Map.of());
        return new Reply.JsonBody(200, jobs(page.jobs()), headers);
    }

    private static Predicate<JobRecord> filter(QueryString query) {
        Set<String> stages = query.all("stage").stream().map(stage -> stage.toUpperCase(Locale.ROOT))
                .collect(Collectors.toSet());
        List<LabelFilter> labels = LabelFilter.from(query);
        return job -> (stages.isEmpty() || stages.contains(job.stage())) && LabelFilter.all(labels, job.labels());
    }

    private static long before(QueryString query) {
        return query.first(CURSOR).map(JobsApi::decodeCursor).orElse(Long.MAX_VALUE);
    }

    private static long decodeCursor(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith(CURSOR_PREFIX)) {
                return Long.parseLong(text.substring(CURSOR_PREFIX.length()));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the rejection below
        }
        throw Rejection.badRequest("invalid cursor '" + cursor + "'");
    }

    private String nextPage(Call call, QueryString query, long before) {
        String cursor = Base64.getUrlEncoder().withoutPadding()
                .encodeToString((CURSOR_PREFIX + before).getBytes(StandardCharsets.UTF_8));
        return call.origin(fallbackAuthority) + call.rawPath() + "?" + query.replacing(CURSOR, cursor);
    }

    private ArrayNode jobs(List<JobRecord> jobs) {
        Instant now = hub.now();
        ArrayNode array = Json.array();
        jobs.forEach(job -> array.add(WireFormat.job(job, now)));
        return array;
    }

    private Reply inspect(Call call, List<String> params) {
        return Reply.ok(WireFormat.job(job(call, params), hub.now()));
    }

    private JobRecord job(Call call, List<String> params) {
        Owner owner = access.namespace(call, params.get(0));
        return hub.store().job(owner.name(), params.get(1))
                .orElseThrow(() -> Rejection.notFound("Job " + params.get(1) + " not found"));
    }

    private Reply cancel(Call call, List<String> params) {
        JobRecord job = job(call, params);
        return Reply.ok(WireFormat.job(hub.cancel(job.id()).orElse(job), hub.now()));
    }

    private Reply labels(Call call, List<String> params) {
        JobRecord job = job(call, params);
        Map<String, String> labels = JobSpecParser.parseLabels(call.json()).orElseReject();
        JobRecord updated = hub.store().update(job.id(), current -> current.withLabels(labels)).orElse(job);
        return Reply.ok(WireFormat.job(updated, hub.now()));
    }

    /** Server-sent events, open while the job is live; see {@link LogStream}. */
    private Reply logs(Call call, List<String> params) {
        JobRecord job = job(call, params);
        int tail = call.query().first("tail").map(JobsApi::tail).orElse(LogStream.ALL);
        return new Reply.Stream(new LogStream(hub, job.id(), tail));
    }

    private static int tail(String text) {
        try {
            return Math.max(0, Integer.parseInt(text));
        } catch (NumberFormatException e) {
            throw Rejection.badRequest("tail must be an integer");
        }
    }

    /** Server-sent events while the job is live; 500 once it has ended, as the Hub answers. */
    private Reply metrics(Call call, List<String> params) {
        JobRecord job = job(call, params);
        if (job.terminal()) {
            return new Reply.Failure(500, "Job " + job.id() + " is not running", Map.of());
        }
        return new Reply.Stream(new MetricsStream(hub, job.id()));
    }

    private Reply hardware(Call call, List<String> params) {
        access.optionalMember(call);
        return Reply.ok(WireFormat.hardware(hub.catalog()));
    }

    private Reply whoami(Call call, List<String> params) {
        return Reply.ok(WireFormat.whoami(access.member(call)));
    }
}
