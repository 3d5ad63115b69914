package dev.hfjobs.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hfjobs.Deadline;
import dev.hfjobs.Log;
import dev.hfjobs.Metrics;
import dev.hfjobs.Once;
import dev.hfjobs.UrlConnections;
import dev.hfjobs.aws.AwsClients;
import dev.hfjobs.hardware.CatalogSource;
import dev.hfjobs.model.ModelException;
import dev.hfjobs.model.Wire;
import dev.hfjobs.submit.SubmitService;
import dev.hfjobs.wiring.Prefetch;
import dev.hfjobs.wiring.Priming;
import dev.hfjobs.wiring.Rehearsal;
import dev.hfjobs.wiring.WarmUp;
import dev.hfjobs.wiring.Wiring;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * {@code ApiFunction}: the HTTP API (payload 2.0; REST API v1 proxy events too). Reads the event
 * with the project's own mapper, routes it, and always answers with a proxy response: errors as
 * {@code application/problem+json}, never a stack trace.
 */
public final class ApiFunction implements RequestStreamHandler {
    static {
        // Before any HTTP in this process: see UrlConnections.
        UrlConnections.beforeFirstConnection();
    }

    static {
        // First, so that a plain cold start's longest chains begin before anything else loads.
        Prefetch.early(System.getenv());
    }

    // Kept back from the Lambda's remaining time: the route's calls end MARGIN before the
    // invocation does, and the answer is written by ANSWER_MARGIN whatever they do.
    private static final Duration MARGIN = Duration.ofMillis(1500);
    private static final Duration ANSWER_MARGIN = Duration.ofMillis(700);
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(27);
    private static final String WARM_UP_EVENT = """
            {"version": "2.0", "routeKey": "ANY /jobs", "rawPath": "/jobs", "rawQueryString": "a=1",
             "headers": {"content-type": "application/json", "idempotency-key": "warm-up"},
             "requestContext": {"requestId": "warm-up", "http": {"method": "POST", "path": "/jobs"},
               "authorizer": {"iam": {"callerId": "warm-up"}}},
             "body": "{}", "isBase64Encoded": false}""";
    // A POST /jobs as API Gateway hands it over; Rehearsal.submit puts a valid job in the body (%s).
    private static final String REHEARSAL_EVENT = """
            {"version": "2.0", "routeKey": "ANY /jobs", "rawPath": "/jobs", "rawQueryString": "",
             "headers": {"content-type": "application/json", "idempotency-key": "rehearsal"},
             "requestContext": {"requestId": "rehearsal", "http": {"method": "POST", "path": "/jobs"},
               "authorizer": {"iam": {"callerId": "rehearsal"}}},
             "body": %s, "isBase64Encoded": false}""";

    private final Supplier<Wiring> wiring;
    private final Supplier<CatalogSource> catalog;
    private final Supplier<Router> router;
    private final Priming priming;

    /**
     * The runtime's constructor: wires the real clients from the environment, once per container;
     * fetches ahead what the first request needs ({@link #prefetch}), and primes under provisioned
     * concurrency ({@link Priming#primeAheadOfTraffic}).
     */
    public ApiFunction() {
        this(Wiring::fromEnvironment);
        prefetch(System.getenv(), AwsClients.fromEnvironment());
        priming.primeAheadOfTraffic(System.getenv());
    }

    ApiFunction(Supplier<Wiring> wiring) {
        this(wiring, true);
    }

    /** {@code primable} false: a handler that is not primed itself (a rehearsal's). */
    private ApiFunction(Supplier<Wiring> wiring, boolean primable) {
        this.wiring = new Once<>(wiring);
        this.catalog = new Once<>(() -> this.wiring.get().catalog());
        this.router = new Once<>(() -> router(this.wiring.get(), this.catalog.get()));
        this.priming = primable ? Priming.register(this::warmUp) : null;
    }

    /**
     * On an on-demand cold start, what the first request needs is fetched while its event is on the
     * way ({@link Prefetch#firstSubmit}, with the routes); under provisioned concurrency, during the
     * init's priming.
     *
     * @return the threads started; none unless {@code env} says on-demand or provisioned concurrency
     */
    List<Thread> prefetch(Map<String, String> env, AwsClients aws) {
        return Prefetch.firstSubmit(env, aws, wiring, catalog, () -> router.get().prepare("/jobs"));
    }

    /**
     * SnapStart priming, run before the snapshot (and callable any time): builds the wiring (AWS SDK
     * clients, the Hub client) and the routes, runs {@link WarmUp#all()} and Jackson over an API
     * event, then rehearses {@code POST /jobs} on a handler of its own ({@link Rehearsal}), so that
     * the snapshot holds the submit path compiled. Sends nothing off the machine, reads no token,
     * creates no random id.
     */
    public void prime() {
        priming.prime();
    }

    private void warmUp() {
        WarmUp.all();
        router.get().prepareAll();
        HttpEvents.parse(Wire.parse(WARM_UP_EVENT));
        Wire.write(HttpAnswer.problem(404, "not-found", "Not found", "warm-up").toEvent("warm-up"));
        Rehearsal.run(ApiFunction::rehearsal);
    }

    /** A {@code POST /jobs} of a valid job on a handler over {@code wiring}; it must answer 201. */
    private static Runnable rehearsal(Wiring wiring) {
        return Rehearsal.submit(new ApiFunction(() -> wiring, false), REHEARSAL_EVENT,
                answer -> answer.path("statusCode").asInt() == 201);
    }

    static Router router(Wiring wiring, CatalogSource catalog) {
        Supplier<JobTargets> targets = new Once<>(() -> new JobTargets(wiring.jobs(), wiring.namespaces()));
        Supplier<SubmitService> submit = new Once<>(() -> wiring.submitService(catalog));
        return new Router(List.of(
                new Router.Family(Set.of("jobs", "hardware"), () -> Stream.concat(
                        new JobsRoutes(submit.get(), wiring.hub(), targets.get(), catalog).routes().stream(),
                        new JobDetailsRoutes(wiring.hub(), targets.get()).routes().stream()).toList()),
                new Router.Family(Set.of("scheduled-jobs"), () -> new ScheduledJobsRoutes(wiring.hub(),
                        targets.get(), wiring.secrets()).routes()),
                new Router.Family(Set.of("api/jobs", "api/whoami-v2"), () -> new HubJobsRoutes(submit.get(),
                        wiring.hub(), wiring.namespaces(), catalog).routes()),
                new Router.Family(Set.of("api/scheduled-jobs"), () -> new HubScheduledRoutes(wiring.hub()).routes())));
    }

    /** One request: its log lines share its correlation fields, its metrics are written before it answers. */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        try (Log.Scope request = Log.begin(); Metrics.Batch metrics = Metrics.begin()) {
            handle(input, output, context);
        }
    }

    private void handle(InputStream input, OutputStream output, Context context) throws IOException {
        long started = System.nanoTime();
        HttpEvent http = null;
        Access access = null;
        HttpAnswer answer;
        try {
            http = HttpEvents.parse(read(input));
            Log.correlate(Log.REQUEST_ID, http.requestId());
            Log.correlate(Log.CALLER, http.caller());
            access = new Access(wiring.get().access(), http.identity());
            answer = dispatch(http, access, context);
        } catch (ModelException e) {
            answer = HttpAnswer.problem(400, "bad-event", "Not an API Gateway request", e.getMessage());
        } catch (RuntimeException e) {
            Log.error("request failed", Log.failure(e));
            answer = HttpAnswer.problem(500, "internal", "Internal error", "see the function's logs");
        }
        String requestId = http == null ? null : http.requestId();
        access(http, access, answer, requestId, started);
        output.write(Wire.write(answer.toEvent(requestId)).getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode read(InputStream input) throws IOException {
        byte[] bytes = input.readAllBytes();
        return Wire.parse(new String(bytes, StandardCharsets.UTF_8));
    }

    /**
     * Runs the route on a virtual thread and waits for it until shortly before the invocation
     * ends. Every call on the way is bounded by the route's deadline, so this only matters when
     * something is slower than every limit: the caller then gets 503 with Retry-After from the
     * function instead of a timeout from API Gateway. A submission that finishes later is found
     * again by its Idempotency-Key.
     */
    private HttpAnswer dispatch(HttpEvent http, Access access, Context context) {
        long remaining = context == null ? DEFAULT_TIMEOUT.toMillis() : context.getRemainingTimeInMillis();
        ApiCall call = new ApiCall(http, Deadline.fromRemaining(remaining, MARGIN), access);
        Deadline answerBy = Deadline.fromRemaining(remaining, ANSWER_MARGIN);
        Router routes = router.get();
        FutureTask<HttpAnswer> task = new FutureTask<>(() -> routes.dispatch(call));
        Thread.ofVirtual().name("api-" + http.requestId()).start(task);
        try {
            return task.get(answerBy.remaining().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            Log.warn("request out of time; answered 503", Map.of("path", Router.printable(http.path())));
            return HubAnswers.brownout("a dependency");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HubAnswers.brownout("a dependency");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("route failed", e.getCause());
        }
    }

    private static void access(HttpEvent http, Access access, HttpAnswer answer, String requestId, long started) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("method", http == null ? null : http.method());
        fields.put("path", http == null ? null : Router.printable(http.path()));
        fields.put("status", answer.status());
        fields.put("millis", (System.nanoTime() - started) / 1_000_000);
        fields.put("requestId", requestId);
        fields.put("caller", http == null ? null : http.caller());
        // What the access policy decided: "open" without one, else each check ("deny read acme").
        fields.put("decision", access == null ? null : access.decision());
        if (answer.status() >= 400 && answer.body() != null) {
            // The project's problem type, or the Hub-shaped routes' error text (no secret in either).
            String problem = answer.body().path("type").asText(answer.body().path("error").asText(""));
            fields.put("problem", problem.length() > 200 ? problem.substring(0, 200) : problem);
        }
        Log.info("http", fields);
    }
}
