package dev.hfjobs.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.access.Action;
import dev.hfjobs.hardware.CatalogSource;
import dev.hfjobs.hub.HfJobsClient;
import dev.hfjobs.hub.HubError;
import dev.hfjobs.hub.HubResult;
import dev.hfjobs.hub.JobPage;
import dev.hfjobs.model.JobInfo;
import dev.hfjobs.model.Wire;
import dev.hfjobs.submit.JobViews;
import dev.hfjobs.submit.SubmitService;
import java.net.URI;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
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
        return Submissions.answer(submit.submit(Submissions.runJob(call), call.deadline()));
    }

    private HttpAnswer list(ApiCall call) {
        HttpEvent http = call.http();
        Optional<HttpAnswer> refused = Queries.only(http, Set.of("namespace", "stage", "label", "cursor"));
        if (refused.isPresent()) {
            return refused.get();
        }
        return Queries.listing(http).then(listing -> targets.namespace(call, listing.namespace(), Action.READ).then(ns -> {
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
                ObjectNode body = Wire.object();
                ArrayNode jobs = body.putArray("jobs");
                ok.value().jobs().forEach(job -> jobs.add(JobViews.job(job, job.url(hub.endpoint(), namespace))));
                body.put("next", ok.value().nextPage().map(uri -> Cursors.encode(uri, hub.endpoint())).orElse(null));
                yield HttpAnswer.json(200, body);
            }
        };
    }

    private HttpAnswer inspect(ApiCall call, String id) {
        return Queries.only(call.http(), Set.of("namespace")).orElseGet(() -> targets.ofJob(call, id, Action.READ)
                .then(ns -> switch (hub.inspectJob(ns, id, call.deadline())) {
                    case HubResult.Failed<JobInfo> failed -> JobTargets.failed("job", id, failed.error());
                    case HubResult.Ok<JobInfo> ok -> HttpAnswer.json(200, JobViews.job(ok.value(),
                            ok.value().url(hub.endpoint(), ns)));
                }));
    }

    private HttpAnswer cancel(ApiCall call, String id) {
        return Queries.only(call.http(), Set.of("namespace")).orElseGet(() -> targets.ofJob(call, id, Action.CANCEL)
                .then(ns -> {
            if (hub.cancelJob(ns, id, call.deadline()) instanceof HubResult.Failed<Boolean>(var error)) {
                return JobTargets.failed("job", id, error);
            }
            return switch (hub.inspectJob(ns, id, call.deadline())) {
                case HubResult.Failed<JobInfo> failed -> HttpAnswer.json(202, Wire.object()
                        .put("id", id).put("namespace", ns).put("cancel", "requested"));
                case HubResult.Ok<JobInfo> ok -> HttpAnswer.json(200, JobViews.job(ok.value(),
                        ok.value().url(hub.endpoint(), ns)));
            };
        }));
    }

    /** The catalog the catalog function stored (else the Hub's), with when it was read. */
    private HttpAnswer hardware(ApiCall call) {
        return Queries.only(call.http(), Set.of()).orElseGet(() -> catalog.current(call.deadline())
                .map(c -> HttpAnswer.json(200, Wire.tree(c.flavors()))
                        .withHeader("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(
                                c.fetchedAt().atZone(ZoneOffset.UTC))))
                .orElseGet(() -> HttpAnswer.problem(502, "hub-unavailable", "The hardware catalog is unavailable",
                        "neither the stored catalog nor the Hub could be read; try again")));
    }
}
