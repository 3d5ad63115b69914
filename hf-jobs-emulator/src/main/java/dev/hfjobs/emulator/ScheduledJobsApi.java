package dev.hfjobs.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The scheduled-jobs endpoints. */
final class ScheduledJobsApi {

    private final Hub hub;
    private final Access access;

    ScheduledJobsApi(Hub hub) {
        this.hub = hub;
        this.access = new Access(hub.directory());
    }

    List<Router.Route> routes() {
        return List.of(
                Router.Route.of("POST", "/api/scheduled-jobs/{}", this::create),
                Router.Route.of("GET", "/api/scheduled-jobs/{}", this::list),
                Router.Route.of("GET", "/api/scheduled-jobs/{}/{}", this::inspect),
                Router.Route.of("DELETE", "/api/scheduled-jobs/{}/{}", this::delete),
                Router.Route.of("POST", "/api/scheduled-jobs/{}/{}/suspend", (call, p) -> suspend(call, p, true)),
                Router.Route.of("POST", "/api/scheduled-jobs/{}/{}/resume", (call, p) -> suspend(call, p, false)),
                Router.Route.of("POST", "/api/scheduled-jobs/{}/{}/run", this::run),
                Router.Route.of("PUT", "/api/scheduled-jobs/{}/{}/labels", this::labels));
    }

    /** The body of POST /api/scheduled-jobs/{ns}, validated. */
    private record Creation(JobSpec spec, CronSchedule schedule, boolean suspend, boolean concurrency) {
    }

    private Reply create(Call call, List<String> params) {
        Owner owner = access.namespace(call, params.get(0));
        Creation creation = creation(call.json()).orElseReject();
        ScheduledRecord record = hub.store().schedule(owner, creation.schedule(), creation.suspend(),
                creation.concurrency(), creation.spec(), hub.now());
        return Reply.ok(WireFormat.scheduledJob(record));
    }

    private Validated<Creation> creation(JsonNode body) {
        if (!body.isObject()) {
            return Validated.invalid("the body must be {\"jobSpec\": {...}, \"schedule\": \"...\"}");
        }
        Validated<JobSpec> spec = hub.parser().parse(body.path("jobSpec"));
        Validated<CronSchedule> schedule = body.path("schedule").isTextual()
                ? CronSchedule.parse(body.path("schedule").asText()) : Validated.invalid("schedule must be a string");
        List<String> problems = new ArrayList<>(spec.problems());
        problems.addAll(schedule.problems());
        boolean suspend = flag(body, "suspend", problems);
        boolean concurrency = flag(body, "concurrency", problems);
        if (!problems.isEmpty()) {
            return new Validated.Invalid<>(problems);
        }
        return new Validated.Valid<>(new Creation(spec.orElseReject(), schedule.orElseReject(), suspend, concurrency));
    }

    private static boolean flag(JsonNode body, String field, List<String> problems) {
        JsonNode node = body.path(field);
        if (!node.isMissingNode() && !node.isNull() && !node.isBoolean()) {
            problems.add(field + " must be a boolean");
        }
        return node.asBoolean(false);
    }

    private Reply list(Call call, List<String> params) {
        Owner owner = access.namespace(call, params.get(0));
        List<LabelFilter> filters = LabelFilter.from(call.query());
        ArrayNode array = Json.array();
        hub.store().scheduledIn(owner.name()).stream()
                .filter(record -> LabelFilter.all(filters, record.spec().labels()))
                .forEach(record -> array.add(WireFormat.scheduledJob(record)));
        return Reply.ok(array);
    }

    private Reply inspect(Call call, List<String> params) {
        return Reply.ok(WireFormat.scheduledJob(scheduled(call, params)));
    }

    private ScheduledRecord scheduled(Call call, List<String> params) {
        Owner owner = access.namespace(call, params.get(0));
        return hub.store().scheduled(owner.name(), params.get(1)).orElseThrow(() -> missing(params));
    }

    private static Rejection missing(List<String> params) {
        return Rejection.notFound("Scheduled job " + params.get(1) + " not found");
    }

    private Reply delete(Call call, List<String> params) {
        ScheduledRecord record = scheduled(call, params);
        hub.store().removeScheduled(record.namespace(), record.id());
        return Reply.noContent();
    }

    private Reply suspend(Call call, List<String> params, boolean suspend) {
        ScheduledRecord record = scheduled(call, params);
        hub.store().updateScheduled(record.namespace(), record.id(), current -> current.withSuspend(suspend, hub.now()));
        return Reply.noContent();
    }

    private Reply run(Call call, List<String> params) {
        ScheduledRecord record = scheduled(call, params);
        return switch (hub.runScheduled(record.namespace(), record.id())) {
            case JobStore.RunOutcome.Started(JobRecord job) -> Reply.ok(WireFormat.job(job, hub.now()));
            case JobStore.RunOutcome.Busy(String running) -> new Reply.Failure(409, "Scheduled job " + record.id()
                    + " already has a running job (" + running + ") and concurrency is disabled", Map.of());
            case JobStore.RunOutcome.Missing() -> missing(params).reply();
        };
    }

    private Reply labels(Call call, List<String> params) {
        ScheduledRecord record = scheduled(call, params);
        Map<String, String> labels = JobSpecParser.parseLabels(call.json()).orElseReject();
        ScheduledRecord updated = hub.store().updateScheduled(record.namespace(), record.id(),
                current -> current.withSpec(current.spec().withLabels(labels))).orElseThrow(() -> missing(params));
        return Reply.ok(WireFormat.scheduledJob(updated));
    }
}
