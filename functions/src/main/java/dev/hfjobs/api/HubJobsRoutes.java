package dev.hfjobs.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.access.Action;
import dev.hfjobs.hardware.CatalogSource;
import dev.hfjobs.hub.EventStream;
import dev.hfjobs.hub.HfJobsClient;
import dev.hfjobs.hub.HubError;
import dev.hfjobs.hub.HubResult;
import dev.hfjobs.hub.JobPage;
import dev.hfjobs.hub.StreamLimits;
import dev.hfjobs.model.Identifiers;
import dev.hfjobs.model.JobInfo;
import dev.hfjobs.model.ModelException;
import dev.hfjobs.model.Validated;
import dev.hfjobs.model.Wire;
import dev.hfjobs.submit.NamespaceResolver;
import dev.hfjobs.submit.SubmitService;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The Hub's own job paths, in the Hub's shapes, so that huggingface_hub and the {@code hf} CLI work
 * unchanged with {@code HF_ENDPOINT} set to this API: the caller never holds the Hub token (the
 * function reads it from Secrets Manager), and submissions get the project's exactly-once claim,
 * events, cost guard and catalog check. Event streams are buffered: what the Hub sends within a
 * bounded read, then the answer ends (API Gateway cannot stream).
 */
final class HubJobsRoutes {
    /*
     * huggingface_hub reads a log without following with a 5 s read timeout, and a buffered answer's
     * first byte comes only when the whole answer is ready: answer well within that. The Hub sends
     * what a job has logged at once, so a short silence means it has all been sent.
     */
    static final StreamLimits LOGS = new StreamLimits(Duration.ofMillis(1500), Duration.ofMillis(3500), 20_000,
            4 * 1024 * 1024);
    static final StreamLimits METRICS = JobDetailsRoutes.METRICS;

    private final SubmitService submit;
    private final HfJobsClient hub;
    private final NamespaceResolver namespaces;
    private final CatalogSource catalog;

    HubJobsRoutes(SubmitService submit, HfJobsClient hub, NamespaceResolver namespaces, CatalogSource catalog) {
        this.submit = submit;
        this.hub = hub;
        this.namespaces = namespaces;
        this.catalog = catalog;
    }

    List<Route> routes() {
        return List.of(
                Route.of("GET", "/api/whoami-v2", (call, p) -> whoami(call)),
                Route.of("GET", "/api/jobs/hardware", (call, p) -> hardware(call)),
                Route.of("POST", "/api/jobs/{ns}", (call, p) -> in(p, ns -> submit(call, ns))),
                Route.of("GET", "/api/jobs/{ns}", (call, p) -> in(call, p, Action.READ, ns -> list(call, ns))),
                Route.of("GET", "/api/jobs/{ns}/{id}", (call, p) -> job(call, p, Action.READ,
                        (ns, id) -> inspect(call, ns, id))),
                Route.of("POST", "/api/jobs/{ns}/{id}/cancel", (call, p) -> job(call, p, Action.CANCEL,
                        (ns, id) -> cancel(call, ns, id))),
                Route.of("PUT", "/api/jobs/{ns}/{id}/labels", (call, p) -> job(call, p, Action.SUBMIT,
                        (ns, id) -> labels(call, ns, id))),
                Route.of("GET", "/api/jobs/{ns}/{id}/logs", (call, p) -> job(call, p, Action.READ,
                        (ns, id) -> logs(call, ns, id))),
                Route.of("GET", "/api/jobs/{ns}/{id}/metrics", (call, p) -> job(call, p, Action.READ,
                        (ns, id) -> metrics(call, ns, id))));
    }

    /**
     * The identity the service acts as for this caller: the default namespace as {@code name} (what
     * the CLI submits to without {@code --namespace}), the other namespaces as organizations. Never
     * the Hub's own answer, which describes the organization's token.
     */
    private HttpAnswer whoami(ApiCall call) {
        return switch (namespaces.namespaces(call.deadline())) {
            case HubResult.Failed<List<String>> failed -> HubShape.error(HubAnswers.of(failed.error()));
            case HubResult.Ok<List<String>> ok -> identity(call, usable(call, ok.value()));
        };
    }

    /**
     * Under an access policy, only the namespaces the caller may use: the token's first (the default
     * when allowed), then the policy's exact grants the token reaches too.
     */
    private static List<String> usable(ApiCall call, List<String> reached) {
        if (!call.access().restricted()) {
            return reached;
        }
        LinkedHashSet<String> usable = new LinkedHashSet<>(call.access().visible(reached));
        call.access().named().forEach(usable::add);
        return List.copyOf(usable);
    }

    private static HttpAnswer identity(ApiCall call, List<String> usable) {
        if (usable.isEmpty()) {
            return HubShape.error(HttpAnswer.problem(403, "namespace-forbidden", "No namespace",
                    "the access policy grants you no namespace"));
        }
        ObjectNode body = Wire.object();
        body.put("type", "user");
        body.put("id", "hf-jobs-serverless");
        body.put("name", usable.getFirst());
        body.put("fullname", call.http().caller() == null ? usable.getFirst() : call.http().caller());
        ArrayNode orgs = body.putArray("orgs");
        usable.stream().skip(1).forEach(ns -> orgs.addObject().put("type", "org").put("name", ns));
        body.putObject("auth").put("type", "hf-jobs-serverless");
        return HubShape.json(body);
    }

    private HttpAnswer hardware(ApiCall call) {
        return catalog.current(call.deadline())
                .map(c -> HubShape.json(Wire.tree(c.flavors())))
                .orElseGet(() -> HubShape.error(HttpAnswer.problem(502, "hub-unavailable",
                        "The hardware catalog is unavailable", "neither the stored catalog nor the Hub could be read")));
    }

    /** The Hub's spec, validated as strictly as {@code POST /jobs}, then the same exactly-once submission. */
    private HttpAnswer submit(ApiCall call, String ns) {
        Optional<HttpAnswer> refused = Bodies.checkJson(call.http()).or(() -> Queries.only(call.http(), Set.of()));
        return refused.map(HubShape::error).orElseGet(() ->
                Submissions.hubAnswer(submit.submit(Submissions.hubSpec(call, ns), call.deadline())));
    }

    private HttpAnswer labels(ApiCall call, String ns, String id) {
        return labelBody(call).then(labels -> jobAnswer(id, LabelUpdates.job(hub, ns, id, labels, call.deadline())));
    }

    /** The body of a label update, or the Hub-shaped 400 that lists its problems. */
    static Either<LabelUpdates.Change> labelBody(ApiCall call) {
        Optional<HttpAnswer> refused = Bodies.checkJson(call.http()).or(() -> Queries.only(call.http(), Set.of()));
        if (refused.isPresent()) {
            return Either.left(HubShape.error(refused.get()));
        }
        try {
            return switch (LabelUpdates.parse(call.http().body())) {
                case Validated.Invalid<LabelUpdates.Change> invalid -> Either.left(HubShape.error(
                        HttpAnswer.invalid(invalid.problems())));
                case Validated.Valid<LabelUpdates.Change> valid -> Either.right(valid.value());
            };
        } catch (ModelException e) {
            return Either.left(HubShape.badRequest("the body is not JSON: " + e.getMessage()));
        }
    }

    private HttpAnswer list(ApiCall call, String ns) {
        HttpEvent http = call.http();
        return Queries.only(http, Set.of("stage", "label", "cursor")).map(HubShape::error)
                .orElseGet(() -> switch (Queries.listing(http)) {
                    case Either.Answer<Queries.Listing> bad -> HubShape.error(bad.answer());
                    case Either.Value<Queries.Listing> listing -> page(call, ns, listing.value().cursor().isPresent()
                            ? Cursors.decode(listing.value().cursor().get(), ns)
                                    .map(path -> hub.nextJobs(URI.create(hub.endpoint() + path), call.deadline()))
                                    .orElseGet(() -> new HubResult.Failed<>(new HubError.InvalidArgument("cursor",
                                            "must be a cursor from a previous answer for this namespace")))
                            : hub.listJobs(ns, listing.value().filter(), call.deadline()));
                });
    }

    /** One page; the next one is linked back to this API, as the Hub links to itself. */
    private HttpAnswer page(ApiCall call, String ns, HubResult<JobPage> result) {
        return switch (result) {
            case HubResult.Failed<JobPage> failed -> HubShape.error(HubAnswers.of(failed.error()));
            case HubResult.Ok<JobPage> ok -> {
                ArrayNode jobs = Wire.array();
                ok.value().jobs().forEach(job -> jobs.add(Wire.tree(job)));
                HttpAnswer answer = HubShape.json(jobs);
                yield ok.value().nextPage().map(next -> answer.withHeader("Link", "<" + call.http().baseUrl()
                        + "/api/jobs/" + ns + "?cursor=" + URLEncoder.encode(Cursors.encode(next, hub.endpoint()),
                        StandardCharsets.UTF_8) + ">; rel=\"next\"")).orElse(answer);
            }
        };
    }

    private HttpAnswer inspect(ApiCall call, String ns, String id) {
        return jobAnswer(id, hub.inspectJob(ns, id, call.deadline()));
    }

    private HttpAnswer cancel(ApiCall call, String ns, String id) {
        return switch (hub.cancelJob(ns, id, call.deadline())) {
            case HubResult.Failed<Boolean> failed -> HubShape.error(JobTargets.failed("job", id, failed.error()));
            case HubResult.Ok<Boolean> ok -> HubShape.json(Wire.object());
        };
    }

    private HttpAnswer logs(ApiCall call, String ns, String id) {
        List<String> tail = call.http().queryAll("tail");
        if (tail.size() > 1 || tail.stream().anyMatch(t -> !t.matches("[1-9][0-9]{0,6}"))) {
            return HubShape.badRequest("tail must be one positive whole number");
        }
        OptionalInt lines = tail.isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(tail.getFirst()));
        return switch (hub.jobLogs(ns, id, lines, LOGS, call.deadline())) {
            case HubResult.Failed<EventStream> failed -> HubShape.error(JobTargets.failed("job", id, failed.error()));
            case HubResult.Ok<EventStream> ok -> HubShape.events(ok.value(), ok.value().truncated()
                    ? Wire.write(Wire.object().put("data", "===== hf-jobs-serverless: the log was "
                            + "cut at " + ok.value().events().size() + " lines; read the rest from the Hub =====")
                            .put("timestamp", Instant.now().toString())) : null);
        };
    }

    /** Samples for a few seconds; the Hub's 500 for a finished job is passed on, as the client expects. */
    private HttpAnswer metrics(ApiCall call, String ns, String id) {
        return switch (hub.jobMetrics(ns, id, METRICS, call.deadline())) {
            case HubResult.Failed<EventStream> failed when failed.error().httpStatus().orElse(0) == 500 ->
                    HubShape.error(HttpAnswer.problem(500, "job-finished", "No metrics", "the job is not running"));
            case HubResult.Failed<EventStream> failed -> HubShape.error(JobTargets.failed("job", id, failed.error()));
            case HubResult.Ok<EventStream> ok -> HubShape.events(ok.value(), null);
        };
    }

    private HttpAnswer jobAnswer(String id, HubResult<JobInfo> result) {
        return switch (result) {
            case HubResult.Failed<JobInfo> failed -> HubShape.error(JobTargets.failed("job", id, failed.error()));
            case HubResult.Ok<JobInfo> ok -> HubShape.json(Wire.tree(ok.value()));
        };
    }

    /** Runs {@code route} with the path's namespace once it is checked (the submit route's access is the service's). */
    static HttpAnswer in(List<String> params, Function<String, HttpAnswer> route) {
        String ns = params.getFirst();
        return Identifiers.isNamespace(ns) ? route.apply(ns)
                : HubShape.badRequest("namespace " + Identifiers.NAMESPACE_RULE);
    }

    /** Runs {@code route} with the path's namespace once it is checked and the caller may do {@code action} there. */
    static HttpAnswer in(ApiCall call, List<String> params, Action action, Function<String, HttpAnswer> route) {
        return in(params, ns -> call.access().may(action, ns) ? route.apply(ns)
                : HubShape.error(JobTargets.forbidden(action, ns, false)));
    }

    /**
     * Runs {@code route} with the path's namespace and item id once both are checked; an item in a
     * namespace where the caller may not do {@code action} answers as a missing one.
     */
    static HttpAnswer item(ApiCall call, String what, List<String> params, Action action,
            BiFunction<String, String, HttpAnswer> route) {
        return in(params, ns -> {
            String id = params.get(1);
            if (!Identifiers.isJobId(id)) {
                return HubShape.error(JobTargets.notFound(what, Router.printable(id)));
            }
            return call.access().may(action, ns) ? route.apply(ns, id)
                    : HubShape.error(JobTargets.notFound(what, id));
        });
    }

    private static HttpAnswer job(ApiCall call, List<String> params, Action action,
            BiFunction<String, String, HttpAnswer> route) {
        return item(call, "job", params, action, route);
    }
}
