package dev.hfjobs.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.Log;
import dev.hfjobs.access.Action;
import dev.hfjobs.hub.HfJobsClient;
import dev.hfjobs.hub.HubError;
import dev.hfjobs.hub.HubResult;
import dev.hfjobs.model.Identifiers;
import dev.hfjobs.model.JobInfo;
import dev.hfjobs.model.JobRequests;
import dev.hfjobs.model.JobSpec;
import dev.hfjobs.model.ModelException;
import dev.hfjobs.model.Problem;
import dev.hfjobs.model.ScheduledJobBody;
import dev.hfjobs.model.ScheduledJobInfo;
import dev.hfjobs.model.ScheduledJobRequest;
import dev.hfjobs.model.Validated;
import dev.hfjobs.model.Wire;
import dev.hfjobs.secrets.JobSecrets;
import dev.hfjobs.submit.JobViews;
import dev.hfjobs.submit.Source;
import dev.hfjobs.submit.Tracking;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code /scheduled-jobs} routes: create, list, get, delete, suspend, resume and run a Hub
 * scheduled job. The jobs a schedule starts carry the project's {@code hfjobs-managed} and
 * {@code hfjobs-source=scheduled} labels, so that the status poller adopts them. Answers are the
 * Hub's scheduled job with secret names only.
 */
final class ScheduledJobsRoutes {
    private static final Set<String> NAMESPACE_ONLY = Set.of("namespace");
    private static final String WHAT = "scheduled job";

    private final HfJobsClient hub;
    private final JobTargets targets;
    private final JobSecrets secrets;

    ScheduledJobsRoutes(HfJobsClient hub, JobTargets targets, JobSecrets secrets) {
        this.hub = hub;
        this.targets = targets;
        this.secrets = secrets;
    }

    List<Route> routes() {
        return List.of(
                Route.of("POST", "/scheduled-jobs", (call, p) -> create(call)),
                Route.of("GET", "/scheduled-jobs", (call, p) -> list(call)),
                Route.of("GET", "/scheduled-jobs/{id}", (call, p) -> inspect(call, p.getFirst())),
                Route.of("DELETE", "/scheduled-jobs/{id}", (call, p) -> delete(call, p.getFirst())),
                Route.of("POST", "/scheduled-jobs/{id}/suspend", (call, p) -> suspend(call, p.getFirst(), true)),
                Route.of("POST", "/scheduled-jobs/{id}/resume", (call, p) -> suspend(call, p.getFirst(), false)),
                Route.of("POST", "/scheduled-jobs/{id}/run", (call, p) -> run(call, p.getFirst())));
    }

    private HttpAnswer create(ApiCall call) {
        HttpEvent http = call.http();
        Optional<HttpAnswer> refused = Bodies.checkJson(http).or(() -> Queries.only(http, NAMESPACE_ONLY));
        if (refused.isPresent()) {
            return refused.get();
        }
        JsonNode body;
        try {
            body = Wire.parse(http.body());
        } catch (ModelException e) {
            return HttpAnswer.problem(400, "malformed-json", "The body is not JSON", e.getMessage());
        }
        return switch (JobRequests.parseScheduled(body)) {
            case Validated.Invalid<ScheduledJobRequest> invalid -> HttpAnswer.invalid(invalid.problems());
            case Validated.Valid<ScheduledJobRequest> valid -> bodyNamespace(call, valid.value().requestedNamespace())
                    .then(ns -> resolved(call, valid.value()).then(values -> created(ns, hub.createScheduledJob(ns,
                            creation(valid.value(), values), call.deadline()))));
        };
    }

    /**
     * The values of the request's secret references. The Hub keeps a scheduled job's secrets, so they
     * are read once, now: a later rotation does not reach the schedule's jobs.
     */
    private Either<Map<String, String>> resolved(ApiCall call, ScheduledJobRequest request) {
        return switch (secrets.resolve(request.submit(), call.deadline())) {
            case JobSecrets.Resolution.Resolved resolved -> Either.right(resolved.values());
            case JobSecrets.Resolution.Refused refused -> Either.left(HttpAnswer.problem(400, "secret-unavailable",
                    "A secret reference cannot be used", refused.problems().size() + " secret reference(s) cannot "
                            + "be used; nothing was sent to the Hub", refused.problems()));
            case JobSecrets.Resolution.Unavailable unavailable -> {
                Log.warn("scheduled job not created: a secret reference could not be read now",
                        Map.of("detail", unavailable.detail()));
                yield Either.left(HubAnswers.brownout("Secrets Manager or Parameter Store (a job secret reference)"));
            }
        };
    }

    /** What is posted: the request with the labels that let the poller adopt the jobs it starts. */
    static ScheduledJobBody creation(ScheduledJobRequest request) {
        return creation(request, Map.of());
    }

    /** As {@link #creation(ScheduledJobRequest)}, with the values read for the request's secret references. */
    static ScheduledJobBody creation(ScheduledJobRequest request, Map<String, String> secretValues) {
        Map<String, String> tracking = new LinkedHashMap<>();
        tracking.put(Tracking.MANAGED_LABEL, "true");
        tracking.put(Tracking.SOURCE_LABEL, Source.SCHEDULED.label());
        return request.body(request.spec().withSecrets(secretValues).withLabels(tracking));
    }

    private HttpAnswer created(String namespace, HubResult<ScheduledJobInfo> result) {
        return switch (result) {
            case HubResult.Failed<ScheduledJobInfo> failed -> unsure(failed.error(), "scheduled job may have been "
                    + "created: list GET /scheduled-jobs?namespace=" + namespace + " before trying again");
            case HubResult.Ok<ScheduledJobInfo> ok -> HttpAnswer.json(201, view(ok.value()))
                    .withHeader("Location", "/scheduled-jobs/" + ok.value().id() + "?namespace=" + namespace);
        };
    }

    private HttpAnswer list(ApiCall call) {
        HttpEvent http = call.http();
        Optional<HttpAnswer> refused = Queries.only(http, Set.of("namespace", "label"));
        if (refused.isPresent()) {
            return refused.get();
        }
        return Queries.listing(http).then(listing -> namespace(call, listing.namespace(), Action.READ).then(ns ->
                switch (hub.listScheduledJobs(ns, listing.filter().labels(), call.deadline())) {
                    case HubResult.Failed<List<ScheduledJobInfo>> failed -> HubAnswers.of(failed.error());
                    case HubResult.Ok<List<ScheduledJobInfo>> ok -> {
                        ObjectNode answer = Wire.object();
                        ArrayNode items = answer.putArray("scheduledJobs");
                        ok.value().forEach(scheduled -> items.add(view(scheduled)));
                        yield HttpAnswer.json(200, answer);
                    }
                }));
    }

    private HttpAnswer inspect(ApiCall call, String id) {
        return target(call, id, Action.READ).then(ns -> switch (hub.inspectScheduledJob(ns, id, call.deadline())) {
            case HubResult.Failed<ScheduledJobInfo> failed -> JobTargets.failed(WHAT, id, failed.error());
            case HubResult.Ok<ScheduledJobInfo> ok -> HttpAnswer.json(200, view(ok.value()));
        });
    }

    private HttpAnswer delete(ApiCall call, String id) {
        return target(call, id, Action.SCHEDULE).then(ns -> switch (hub.deleteScheduledJob(ns, id,
                call.deadline())) {
            case HubResult.Failed<Boolean> failed -> JobTargets.failed(WHAT, id, failed.error());
            case HubResult.Ok<Boolean> ok -> new HttpAnswer(204, Map.of(), null);
        });
    }

    /** Suspends or resumes, then answers with the scheduled job as the Hub now has it. */
    private HttpAnswer suspend(ApiCall call, String id, boolean suspend) {
        return target(call, id, Action.SCHEDULE).then(ns -> {
            HubResult<Boolean> changed = suspend ? hub.suspendScheduledJob(ns, id, call.deadline())
                    : hub.resumeScheduledJob(ns, id, call.deadline());
            if (changed instanceof HubResult.Failed<Boolean>(var error)) {
                return JobTargets.failed(WHAT, id, error);
            }
            return switch (hub.inspectScheduledJob(ns, id, call.deadline())) {
                // The change was made; only reading it back failed.
                case HubResult.Failed<ScheduledJobInfo> failed -> HttpAnswer.json(202,
                        Wire.object().put("id", id).put("namespace", ns).put("suspend", suspend));
                case HubResult.Ok<ScheduledJobInfo> ok -> HttpAnswer.json(200, view(ok.value()));
            };
        });
    }

    /** Starts a job now. The Hub's run is not idempotent, so it is never repeated here. */
    private HttpAnswer run(ApiCall call, String id) {
        return target(call, id, Action.SCHEDULE).then(ns -> switch (hub.runScheduledJob(ns, id, call.deadline())) {
            case HubResult.Failed<JobInfo> failed when failed.error().httpStatus().orElse(0) == 404 ->
                    JobTargets.notFound(WHAT, id);
            case HubResult.Failed<JobInfo> failed -> unsure(failed.error(), "job may have been started: list "
                    + "GET /jobs?namespace=" + ns + " before trying again");
            case HubResult.Ok<JobInfo> ok -> HttpAnswer.json(201, JobViews.job(ok.value(),
                    ok.value().url(hub.endpoint(), ns)))
                    .withHeader("Location", "/jobs/" + ok.value().id() + "?namespace=" + ns);
        });
    }

    /**
     * The answer to a failed call that is never retried because it creates something: when the
     * Hub may have acted before the answer was lost, the detail says so and how to find out.
     */
    static HttpAnswer unsure(HubError error, String what) {
        HttpAnswer answer = HubAnswers.of(error);
        if (!error.mayHaveTakenEffect() || !(answer.body() instanceof ObjectNode body)) {
            return answer;
        }
        return new HttpAnswer(answer.status(), answer.headers(), body.deepCopy().put("detail",
                body.path("detail").asText() + "; the " + what));
    }

    /** The namespace of a route on one scheduled job, after its id is checked; 404 when not to be seen. */
    private Either<String> target(ApiCall call, String id, Action action) {
        Optional<HttpAnswer> refused = Queries.only(call.http(), NAMESPACE_ONLY);
        if (refused.isPresent()) {
            return Either.left(refused.get());
        }
        if (!Identifiers.isJobId(id)) {
            return Either.left(HttpAnswer.invalid(List.of(new Problem("id", Identifiers.ID_RULE))));
        }
        if (call.http().queryAll("namespace").size() > 1) {
            return Either.left(HttpAnswer.invalid(List.of(new Problem("namespace", "give namespace at most once"))));
        }
        return targets.ofItem(call, WHAT, id, action);
    }

    /** The body's namespace, which must agree with the query's when both are given. */
    private Either<String> bodyNamespace(ApiCall call, Optional<String> fromBody) {
        Optional<String> fromQuery = call.http().queryOne("namespace");
        if (fromBody.isPresent() && fromQuery.isPresent() && !fromBody.equals(fromQuery)) {
            return Either.left(HttpAnswer.invalid(List.of(new Problem("namespace",
                    "the body and the query name different namespaces; give it once"))));
        }
        return namespace(call, fromBody.or(() -> fromQuery), Action.SCHEDULE);
    }

    private Either<String> namespace(ApiCall call, Optional<String> asked, Action action) {
        if (call.http().queryAll("namespace").size() > 1) {
            return Either.left(HttpAnswer.invalid(List.of(new Problem("namespace", "give namespace at most once"))));
        }
        return targets.namespace(call, asked, action);
    }

    /** A scheduled job as answered: the Hub's shape; its spec already holds secret names only. */
    private static ObjectNode view(ScheduledJobInfo scheduled) {
        return Wire.tree(scheduled);
    }
}
