package dev.hfjobs.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The admin API under {@code /_emulator/}: no token needed, never recorded, never faulted. It lets
 * Python tests and a local demo drive the emulator.
 */
final class AdminApi {

    private final Hub hub;
    private final Faults faults;
    private final RequestLog log;

    AdminApi(Hub hub, Faults faults, RequestLog log) {
        this.hub = hub;
        this.faults = faults;
        this.log = log;
    }

    List<Router.Route> routes() {
        return List.of(
                Router.Route.of("POST", "/_emulator/reset", this::reset),
                Router.Route.of("POST", "/_emulator/faults", this::faults),
                Router.Route.of("POST", "/_emulator/advance", this::advance),
                Router.Route.of("GET", "/_emulator/jobs", this::jobs),
                Router.Route.of("PUT", "/_emulator/jobs/{}", this::seed),
                Router.Route.of("POST", "/_emulator/jobs/{}/stage", this::stage),
                Router.Route.of("POST", "/_emulator/jobs/{}/logs", this::appendLogs),
                Router.Route.of("GET", "/_emulator/jobs/{}/logs", this::logs),
                Router.Route.of("PUT", "/_emulator/jobs/{}/metrics", this::metrics),
                Router.Route.of("DELETE", "/_emulator/jobs/{}", this::delete),
                Router.Route.of("GET", "/_emulator/requests", this::requests),
                Router.Route.of("DELETE", "/_emulator/requests", (call, params) -> clearRequests()),
                Router.Route.of("PUT", "/_emulator/hardware", this::hardware),
                Router.Route.of("POST", "/_emulator/scheduled-jobs/run-due", this::runDue));
    }

    private Reply reset(Call call, List<String> params) {
        hub.reset();
        faults.reset();
        log.clear();
        return Reply.noContent();
    }

    /** Applies every switch of the body, or none when one of them is invalid. */
    private Reply faults(Call call, List<String> params) {
        JsonNode body = call.json();
        if (!body.isObject()) {
            throw Rejection.badRequest("the body must be a JSON object of switches");
        }
        List<Runnable> changes = new ArrayList<>();
        body.properties().forEach(entry -> changes.add(change(entry.getKey(), entry.getValue())));
        changes.forEach(Runnable::run);
        return Reply.ok(settings());
    }

    private Runnable change(String name, JsonNode value) {
        return switch (name) {
            case "latencyMillis" -> latency(count(value, name));
            case "pageSize" -> pageSize(count(value, name));
            case "legacyMode" -> legacyMode(bool(value, name));
            case "autoAdvance" -> autoAdvance(autoAdvance(value));
            case "failNext" -> failNext(value);
            case "rateLimitNext" -> rateLimit(count(value.path("count"), "rateLimitNext.count"),
                    count(value.path("retryAfterSeconds"), "rateLimitNext.retryAfterSeconds"));
            case "dropAfterCreate" -> dropAfterCreate(count(value, name));
            case "malformedNext" -> malformedNext(count(value, name));
            case "keepAliveMillis" -> keepAlive(positive(value, name));
            case "metricsPeriodMillis" -> metricsPeriod(positive(value, name));
            case "defaultLogLines" -> defaultLogLines(bool(value, name));
            default -> throw Rejection.badRequest("unknown switch '" + name + "'");
        };
    }

    private Runnable latency(int millis) {
        return () -> hub.updateSettings(settings -> settings.withLatency(Duration.ofMillis(millis)));
    }

    private Runnable pageSize(int size) {
        if (size < 1) {
            throw Rejection.badRequest("pageSize must be at least 1");
        }
        return () -> hub.updateSettings(settings -> settings.withPageSize(size));
    }

    private Runnable legacyMode(boolean legacy) {
        return () -> hub.updateSettings(settings -> settings.withLegacyMode(legacy));
    }

    private Runnable autoAdvance(Optional<AutoAdvance> plan) {
        return () -> hub.updateSettings(settings -> settings.withAutoAdvance(plan));
    }

    private Runnable keepAlive(int millis) {
        return () -> hub.updateSettings(settings -> settings.withKeepAlive(Duration.ofMillis(millis)));
    }

    private Runnable metricsPeriod(int millis) {
        return () -> hub.updateSettings(settings -> settings.withMetricsPeriod(Duration.ofMillis(millis)));
    }

    private Runnable defaultLogLines(boolean on) {
        return () -> hub.updateSettings(settings -> settings.withDefaultLogLines(on));
    }

    private Runnable rateLimit(int count, int retryAfterSeconds) {
        return () -> faults.rateLimitNext(count, retryAfterSeconds);
    }

    private Runnable dropAfterCreate(int count) {
        return () -> faults.dropAfterCreate(count);
    }

    private Runnable malformedNext(int count) {
        return () -> faults.malformedNext(count);
    }

    /** {@code {"method"?, "path", "count", "status"}}, or a list of them. */
    private Runnable failNext(JsonNode value) {
        List<JsonNode> rules = new ArrayList<>();
        (value.isArray() ? value : Json.array().add(value)).forEach(rules::add);
        List<Runnable> arms = rules.stream().map(this::failRule).toList();
        return () -> arms.forEach(Runnable::run);
    }

    private Runnable failRule(JsonNode rule) {
        String path = rule.path("path").asText(".*");
        try {
            Pattern.compile(path);
        } catch (PatternSyntaxException e) {
            throw Rejection.badRequest("failNext.path is not a regex: " + e.getDescription());
        }
        int status = count(rule.path("status"), "failNext.status");
        if (status < 400 || status > 599) {
            throw Rejection.badRequest("failNext.status must be 400-599");
        }
        int count = rule.has("count") ? count(rule.path("count"), "failNext.count") : 1;
        String method = rule.path("method").asText("*");
        return () -> faults.failNext(method, path, count, status);
    }

    /** {@code {"schedulingMillis", "runningMillis", "outcome"?}}; null or false turns timers off. */
    private static Optional<AutoAdvance> autoAdvance(JsonNode value) {
        if (value.isNull() || value.isBoolean() && !value.asBoolean()) {
            return Optional.empty();
        }
        Duration scheduling = Duration.ofMillis(count(value.path("schedulingMillis"), "autoAdvance.schedulingMillis"));
        Duration running = Duration.ofMillis(count(value.path("runningMillis"), "autoAdvance.runningMillis"));
        JobStage outcome = JobStage.parse(value.path("outcome").asText("COMPLETED"))
                .filter(JobStage::terminal)
                .orElseThrow(() -> Rejection.badRequest("autoAdvance.outcome must be a terminal stage"));
        return Optional.of(new AutoAdvance(scheduling, running, outcome));
    }

    private static int count(JsonNode value, String name) {
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 0) {
            throw Rejection.badRequest(name + " must be a non-negative integer");
        }
        return value.asInt();
    }

    private static int positive(JsonNode value, String name) {
        if (count(value, name) == 0) {
            throw Rejection.badRequest(name + " must be a positive integer");
        }
        return value.asInt();
    }

    private static boolean bool(JsonNode value, String name) {
        if (!value.isBoolean()) {
            throw Rejection.badRequest(name + " must be true or false");
        }
        return value.asBoolean();
    }

    private ObjectNode settings() {
        Settings settings = hub.settings();
        ObjectNode node = Json.object().put("pageSize", settings.pageSize()).put("legacyMode", settings.legacyMode())
                .put("latencyMillis", settings.latency().toMillis())
                .put("keepAliveMillis", settings.streams().keepAlive().toMillis())
                .put("metricsPeriodMillis", settings.streams().metricsPeriod().toMillis())
                .put("defaultLogLines", settings.defaultLogLines());
        settings.autoAdvance().ifPresentOrElse(plan -> node.putObject("autoAdvance")
                        .put("schedulingMillis", plan.scheduling().toMillis())
                        .put("runningMillis", plan.running().toMillis()).put("outcome", plan.outcome().name()),
                () -> node.putNull("autoAdvance"));
        return node;
    }

    private Reply advance(Call call, List<String> params) {
        JsonNode body = call.json();
        String stage = requiredStage(body);
        int moved = hub.store().advanceAll(stage, message(body), hub.now());
        return Reply.ok(Json.object().put("advanced", moved));
    }

    /** {@code {"stage", "message"?, "lines"?}}: the lines are printed first, as a failing job's traceback. */
    private Reply stage(Call call, List<String> params) {
        JsonNode body = call.json();
        String stage = requiredStage(body);
        List<String> lines = body.has("lines") ? lines(body) : List.of();
        hub.appendLogs(params.get(0), lines).orElseThrow(() -> jobNotFound(params));
        JobRecord job = hub.setStage(params.get(0), stage, message(body)).orElseThrow(() -> jobNotFound(params));
        return Reply.ok(WireFormat.job(job, hub.now()));
    }

    /** {@code {"user", "namespace"?, "spec"}}: a job with the id of the path; the namespace defaults to the user. */
    private Reply seed(Call call, List<String> params) {
        JsonNode body = call.json();
        String user = body.path("user").asText("");
        if (user.isBlank() || !body.path("spec").isObject()) {
            throw Rejection.badRequest("the body must be {\"user\": \"...\", \"namespace\"?: \"...\", \"spec\": {...}}");
        }
        String namespace = body.path("namespace").asText(user);
        JobRecord job = hub.seedJob(params.get(0), user, namespace, body.path("spec"));
        return new Reply.JsonBody(201, WireFormat.job(job, hub.now()), Map.of());
    }

    /** {@code {"lines": ["...", ...]}}. */
    private Reply appendLogs(Call call, List<String> params) {
        hub.appendLogs(params.get(0), lines(call.json())).orElseThrow(() -> jobNotFound(params));
        return Reply.noContent();
    }

    private static List<String> lines(JsonNode body) {
        JsonNode lines = body.path("lines");
        List<String> texts = new ArrayList<>();
        lines.forEach(line -> texts.add(line.isTextual() ? line.asText() : null));
        if (!lines.isArray() || texts.contains(null)) {
            throw Rejection.badRequest("the body must be {\"lines\": [\"...\", ...]}");
        }
        return texts;
    }

    /** {@code {"lines": [{"timestamp", "line"}, ...]}}: the whole log, without the marker streams start with. */
    private Reply logs(Call call, List<String> params) {
        hub.currentJob(params.get(0)).orElseThrow(() -> jobNotFound(params));
        ObjectNode answer = Json.object();
        answer.set("lines", array(hub.logs(params.get(0), 0), line -> Json.object()
                .put("timestamp", Json.timestamp(line.timestamp())).put("line", line.text())));
        return Reply.ok(answer);
    }

    /** A metrics object in the Hub's wire form, sent as is from now on. */
    private Reply metrics(Call call, List<String> params) {
        if (!(call.json() instanceof ObjectNode sample)) {
            throw Rejection.badRequest("the body must be a metrics object, e.g. {\"cpu_usage_pct\": 12, ...}");
        }
        hub.setMetrics(params.get(0), sample).orElseThrow(() -> jobNotFound(params));
        return Reply.noContent();
    }

    private static Rejection jobNotFound(List<String> params) {
        return Rejection.notFound("Job " + params.get(0) + " not found");
    }

    private static String requiredStage(JsonNode body) {
        JsonNode stage = body.path("stage");
        if (!stage.isTextual() || stage.asText().isBlank()) {
            throw Rejection.badRequest("the body must be {\"stage\": \"...\", \"message\"?: \"...\"}");
        }
        return stage.asText();
    }

    private static Optional<String> message(JsonNode body) {
        return body.path("message").isTextual() ? Optional.of(body.path("message").asText()) : Optional.empty();
    }

    /** {@code ?mode=remove} (default: gone, 404) or {@code ?mode=mark-deleted} (stage DELETED). */
    private Reply delete(Call call, List<String> params) {
        String mode = call.query().first("mode").orElse("remove");
        boolean found = switch (mode) {
            case "remove" -> hub.store().remove(params.get(0));
            case "mark-deleted" -> hub.setStage(params.get(0), JobStage.DELETED.name(), Optional.empty()).isPresent();
            default -> throw Rejection.badRequest("mode must be remove or mark-deleted");
        };
        if (!found) {
            throw jobNotFound(params);
        }
        return Reply.noContent();
    }

    private Reply jobs(Call call, List<String> params) {
        return Reply.ok(array(hub.store().all(), job -> WireFormat.job(job, hub.now())));
    }

    private Reply requests(Call call, List<String> params) {
        return Reply.ok(array(log.snapshot(), AdminApi::request));
    }

    private static ObjectNode request(RecordedRequest request) {
        ObjectNode node = Json.object().put("method", request.method()).put("path", request.path())
                .put("query", request.query());
        ObjectNode headers = node.putObject("headers");
        request.headers().forEach((name, values) -> headers.set(name, Json.strings(values)));
        node.put("body", request.body()).put("receivedAt", Json.timestamp(request.receivedAt()));
        request.user().ifPresentOrElse(user -> node.put("user", user), () -> node.putNull("user"));
        return node;
    }

    private Reply clearRequests() {
        log.clear();
        return Reply.noContent();
    }

    private Reply hardware(Call call, List<String> params) {
        try {
            hub.replaceCatalog(Hardware.listFromJson(call.json()));
        } catch (EmulatorException e) {
            throw Rejection.badRequest(e.getMessage());
        }
        return Reply.noContent();
    }

    private Reply runDue(Call call, List<String> params) {
        List<JobRecord> started = hub.store().runDue(hub.now(), hub.settings().legacyMode());
        return Reply.ok(Json.object().set("started", array(started, job -> Json.object().put("id", job.id()))));
    }

    private static <T> ArrayNode array(List<T> items, Function<T, JsonNode> render) {
        ArrayNode array = Json.array();
        items.forEach(item -> array.add(render.apply(item)));
        return array;
    }
}
