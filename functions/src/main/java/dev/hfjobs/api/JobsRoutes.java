package dev.hfjobs.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.Log;
import dev.hfjobs.hardware.CatalogSource;
import dev.hfjobs.hub.HfJobsClient;
import dev.hfjobs.hub.HubError;
import dev.hfjobs.hub.HubResult;
import dev.hfjobs.hub.JobPage;
import dev.hfjobs.model.JobInfo;
import dev.hfjobs.model.Problem;
import dev.hfjobs.model.Wire;
import dev.hfjobs.submit.JobViews;
import dev.hfjobs.submit.Source;
import dev.hfjobs.submit.SubmitInput;
import dev.hfjobs.submit.SubmitOutcome;
import dev.hfjobs.submit.SubmitService;
import java.net.URI;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The {@code /jobs} and {@code /hardware} routes. */
final class JobsRoutes {
    private final SubmitService submit;
    private final HfJobsClient hub;
    private final JobTargets targets;
    private final CatalogSource catalog;

    JobsRoutes(SubmitService submit, HfJobsClient hub, JobTargets targets, CatalogSource catalog) {
        this.submit = submit;
        this.hub = hub;
        this.targets = targets;
        this.catalog = catalog;
    }

    List<Route> routes() {
        return List.of(
                Route.of("POST", "/jobs", (call, p) -> submit(call)),
                Route.of("GET", "/jobs", (call, p) -> list(call)),
                Route.of("GET", "/jobs/{id}", (call, p) -> inspect(call, p.getFirst())),
                Route.of("POST", "/jobs/{id}/cancel", (call, p) -> cancel(call, p.getFirst())),
                Route.of("GET", "/hardware", (call, p) -> hardware(call)));
    }

    private HttpAnswer submit(ApiCall call) {
        HttpEvent http = call.http();
        Optional<HttpAnswer> refused = Bodies.checkJson(http).or(() -> Queries.only(http, Set.of()));
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<String> key = IdempotencyKeys.fromHeader(http);
        SubmitInput input = new SubmitInput(http.body(), key.orElseGet(() -> IdempotencyKeys.fresh(http)),
                key.isPresent() ? List.of() : List.of(new Problem("Idempotency-Key", IdempotencyKeys.RULE)),
                Set.of(), Source.API, http.caller());
        return answer(submit.submit(input, call.deadline()));
    }

    private static HttpAnswer answer(SubmitOutcome outcome) {
        return switch (outcome) {
            case SubmitOutcome.Created created -> created(created);
            case SubmitOutcome.Rejected rejected -> rejected(rejected);
            case SubmitOutcome.InProgress inProgress -> HttpAnswer.problem(409, "in-progress",
                    "A request with this Idempotency-Key is in progress", "try again shortly")
                    .retryAfter(inProgress.retryAfter());
            case SubmitOutcome.Unavailable unavailable -> HubAnswers.of(unavailable);
        };
    }

    private static HttpAnswer rejected(SubmitOutcome.Rejected rejected) {
        return switch (rejected.reason()) {
            case MALFORMED_JSON -> HttpAnswer.problem(400, "malformed-json", "The body is not JSON",
                    rejected.message());
            case INVALID_REQUEST -> HttpAnswer.invalid(rejected.problems());
            case OVER_COST_LIMIT -> HttpAnswer.invalid(rejected.problems()).withStatus(422);
            case HUB_REJECTED -> rejected.hubRefusal().map(HubAnswers::of).orElseGet(() -> HttpAnswer.problem(502,
                    "hub-rejected", "The Hub refused the request", rejected.message()));
            case IDEMPOTENCY_KEY_REUSED -> HttpAnswer.problem(409, "idempotency-key-reused",
                    "Idempotency-Key reused", rejected.message());
        };
    }

    private static HttpAnswer created(SubmitOutcome.Created created) {
        JobInfo job = created.job();
        String namespace = job.namespace().orElse("");
        if (!created.settled()) {
            Log.warn("job created but its record or event is still to be written; a retry with the same "
                    + "Idempotency-Key repairs it", Map.of("jobId", job.id()));
        }
        HttpAnswer answer = HttpAnswer.json(201, JobViews.job(job, created.url()))
                .withHeader("Location", "/jobs/" + job.id() + "?namespace=" + namespace);
        return created.replayed() ? answer.withHeader("Idempotent-Replayed", "true") : answer;
    }

    private HttpAnswer list(ApiCall call) {
        HttpEvent http = call.http();
        Optional<HttpAnswer> refused = Queries.only(http, Set.of("namespace", "stage", "label", "cursor"));
        if (refused.isPresent()) {
            return refused.get();
        }
        return Queries.listing(http).then(listing -> targets.namespace(call, listing.namespace()).then(ns -> {
            HubResult<JobPage> page = listing.cursor().isPresent()
                    ? Cursors.decode(listing.cursor().get(), ns).map(path -> hub.nextJobs(
                            URI.create(hub.endpoint() + path), call.deadline()))
                            .orElseGet(() -> new HubResult.Failed<>(new HubError.InvalidArgument(
                                    "cursor", "must be a cursor from a previous answer for this namespace")))
                    : hub.listJobs(ns, listing.filter(), call.deadline());
            return page(page, ns);
        }));
    }

    private HttpAnswer page(HubResult<JobPage> result, String namespace) {
        return switch (result) {
            case HubResult.Failed<JobPage> failed -> HubAnswers.of(failed.error());
            case HubResult.Ok<JobPage> ok -> {
                ObjectNode body = Wire.mapper().createObjectNode();
                ArrayNode jobs = body.putArray("jobs");
                ok.value().jobs().forEach(job -> jobs.add(JobViews.job(job, job.url(hub.endpoint(), namespace))));
                body.put("next", ok.value().nextPage().map(uri -> Cursors.encode(uri, hub.endpoint())).orElse(null));
                yield HttpAnswer.json(200, body);
            }
        };
    }

    private HttpAnswer inspect(ApiCall call, String id) {
        return Queries.only(call.http(), Set.of("namespace")).orElseGet(() -> targets.ofJob(call, id).then(ns ->
                switch (hub.inspectJob(ns, id, call.deadline())) {
                    case HubResult.Failed<JobInfo> failed -> HubAnswers.of(failed.error());
                    case HubResult.Ok<JobInfo> ok -> HttpAnswer.json(200, JobViews.job(ok.value(),
                            ok.value().url(hub.endpoint(), ns)));
                }));
    }

    private HttpAnswer cancel(ApiCall call, String id) {
        return Queries.only(call.http(), Set.of("namespace")).orElseGet(() -> targets.ofJob(call, id).then(ns -> {
            if (hub.cancelJob(ns, id, call.deadline()) instanceof HubResult.Failed<Boolean>(var error)) {
                return HubAnswers.of(error);
            }
            return switch (hub.inspectJob(ns, id, call.deadline())) {
                case HubResult.Failed<JobInfo> failed -> HttpAnswer.json(202, Wire.mapper().createObjectNode()
                        .put("id", id).put("namespace", ns).put("cancel", "requested"));
                case HubResult.Ok<JobInfo> ok -> HttpAnswer.json(200, JobViews.job(ok.value(),
                        ok.value().url(hub.endpoint(), ns)));
            };
        }));
    }

    /** The catalog the catalog function stored (else the Hub's), with when it was read. */
    private HttpAnswer hardware(ApiCall call) {
        return Queries.only(call.http(), Set.of()).orElseGet(() -> catalog.current(call.deadline())
                .map(c -> HttpAnswer.json(200, Wire.mapper().valueToTree(c.flavors()))
                        .withHeader("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(
                                c.fetchedAt().atZone(ZoneOffset.UTC))))
                .orElseGet(() -> HttpAnswer.problem(502, "hub-unavailable", "The hardware catalog is unavailable",
                        "neither the stored catalog nor the Hub could be read; try again")));
    }
}
