package dev.hfjobs.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.hfjobs.access.Action;
import dev.hfjobs.hub.HfJobsClient;
import dev.hfjobs.hub.HubResult;
import dev.hfjobs.model.JobInfo;
import dev.hfjobs.model.ModelException;
import dev.hfjobs.model.ScheduledJobInfo;
import dev.hfjobs.model.ScheduledJobRequest;
import dev.hfjobs.model.Validated;
import dev.hfjobs.model.Wire;
import dev.hfjobs.model.WireSpecs;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The Hub's own scheduled-job paths, in the Hub's shapes ({@code hf jobs scheduled ...}). The jobs a
 * schedule starts carry the project's {@code hfjobs-managed} and {@code hfjobs-source} labels, as on
 * {@code POST /scheduled-jobs}, so that the status poller adopts them.
 */
final class HubScheduledRoutes {
    private final HfJobsClient hub;

    HubScheduledRoutes(HfJobsClient hub) {
        this.hub = hub;
    }

    List<Route> routes() {
        return List.of(
                Route.of("POST", "/api/scheduled-jobs/{ns}", (call, p) -> HubJobsRoutes.in(call, p, Action.SCHEDULE,
                        ns -> create(call, ns))),
                Route.of("GET", "/api/scheduled-jobs/{ns}", (call, p) -> HubJobsRoutes.in(call, p, Action.READ,
                        ns -> list(call, ns))),
                Route.of("GET", "/api/scheduled-jobs/{ns}/{id}", (call, p) -> item(call, p, Action.READ,
                        (ns, id) -> scheduled(id, hub.inspectScheduledJob(ns, id, call.deadline())))),
                Route.of("DELETE", "/api/scheduled-jobs/{ns}/{id}", (call, p) -> item(call, p, Action.SCHEDULE,
                        (ns, id) -> done(id, hub.deleteScheduledJob(ns, id, call.deadline())))),
                Route.of("POST", "/api/scheduled-jobs/{ns}/{id}/suspend", (call, p) -> item(call, p, Action.SCHEDULE,
                        (ns, id) -> done(id, hub.suspendScheduledJob(ns, id, call.deadline())))),
                Route.of("POST", "/api/scheduled-jobs/{ns}/{id}/resume", (call, p) -> item(call, p, Action.SCHEDULE,
                        (ns, id) -> done(id, hub.resumeScheduledJob(ns, id, call.deadline())))),
                Route.of("POST", "/api/scheduled-jobs/{ns}/{id}/run", (call, p) -> item(call, p, Action.SCHEDULE,
                        (ns, id) -> run(call, ns, id))),
                Route.of("PUT", "/api/scheduled-jobs/{ns}/{id}/labels", (call, p) -> item(call, p, Action.SCHEDULE,
                        (ns, id) -> HubJobsRoutes.labelBody(call).then(labels -> scheduled(id, LabelUpdates.scheduled(
                                hub, ns, id, labels, call.deadline()))))));
    }

    private static HttpAnswer item(ApiCall call, List<String> params, Action action,
            BiFunction<String, String, HttpAnswer> route) {
        return HubJobsRoutes.item(call, "scheduled job", params, action, route);
    }

    private HttpAnswer create(ApiCall call, String ns) {
        Optional<HttpAnswer> refused = Bodies.checkJson(call.http()).or(() -> Queries.only(call.http(), Set.of()));
        if (refused.isPresent()) {
            return HubShape.error(refused.get());
        }
        Validated<ScheduledJobRequest> request;
        try {
            request = WireSpecs.parseScheduledJob(Wire.parse(call.http().body()));
        } catch (ModelException e) {
            return HubShape.badRequest("the body is not JSON: " + e.getMessage());
        }
        return switch (request) {
            case Validated.Invalid<ScheduledJobRequest> invalid -> HubShape.error(HttpAnswer.invalid(invalid.problems()));
            case Validated.Valid<ScheduledJobRequest> valid -> switch (hub.createScheduledJob(ns,
                    ScheduledJobsRoutes.creation(valid.value()), call.deadline())) {
                case HubResult.Failed<ScheduledJobInfo> failed -> HubShape.error(ScheduledJobsRoutes.unsure(
                        failed.error(), "scheduled job may have been created: list it before trying again"));
                case HubResult.Ok<ScheduledJobInfo> ok -> HubShape.json(Wire.tree(ok.value()));
            };
        };
    }

    /** One page, as the Hub gives it; its first label filter is the Hub's, the rest the client applies. */
    private HttpAnswer list(ApiCall call, String ns) {
        return Queries.only(call.http(), Set.of("label")).map(HubShape::error).orElseGet(() ->
                switch (Queries.listing(call.http())) {
                    case Either.Answer<Queries.Listing> bad -> HubShape.error(bad.answer());
                    case Either.Value<Queries.Listing> listing -> switch (hub.listScheduledJobs(ns,
                            listing.value().filter().labels(), call.deadline())) {
                        case HubResult.Failed<List<ScheduledJobInfo>> failed ->
                                HubShape.error(HubAnswers.of(failed.error()));
                        case HubResult.Ok<List<ScheduledJobInfo>> ok -> {
                            ArrayNode items = Wire.array();
                            ok.value().forEach(s -> items.add(Wire.tree(s)));
                            yield HubShape.json(items);
                        }
                    };
                });
    }

    /** Starts a job now; never repeated (the Hub's 409 while a run is live and concurrency is off passes on). */
    private HttpAnswer run(ApiCall call, String ns, String id) {
        return switch (hub.runScheduledJob(ns, id, call.deadline())) {
            case HubResult.Failed<JobInfo> failed when failed.error().httpStatus().orElse(0) == 404 ->
                    HubShape.error(JobTargets.notFound("scheduled job", id));
            case HubResult.Failed<JobInfo> failed -> HubShape.error(ScheduledJobsRoutes.unsure(failed.error(),
                    "job may have been started: list the jobs before trying again"));
            case HubResult.Ok<JobInfo> ok -> HubShape.json(Wire.tree(ok.value()));
        };
    }

    private static HttpAnswer scheduled(String id, HubResult<ScheduledJobInfo> result) {
        return switch (result) {
            case HubResult.Failed<ScheduledJobInfo> failed -> HubShape.error(JobTargets.failed("scheduled job", id,
                    failed.error()));
            case HubResult.Ok<ScheduledJobInfo> ok -> HubShape.json(Wire.tree(ok.value()));
        };
    }

    private static HttpAnswer done(String id, HubResult<Boolean> result) {
        return switch (result) {
            case HubResult.Failed<Boolean> failed -> HubShape.error(JobTargets.failed("scheduled job", id,
                    failed.error()));
            case HubResult.Ok<Boolean> ok -> HubShape.json(Wire.object());
        };
    }

}
