package dev.hfjobs.api;

import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.access.Action;
import dev.hfjobs.hub.EventStream;
import dev.hfjobs.hub.HfJobsClient;
import dev.hfjobs.hub.HubError;
import dev.hfjobs.hub.HubResult;
import dev.hfjobs.hub.StreamLimits;
import dev.hfjobs.model.JobInfo;
import dev.hfjobs.model.ModelException;
import dev.hfjobs.model.Problem;
import dev.hfjobs.model.Validated;
import dev.hfjobs.model.Wire;
import dev.hfjobs.submit.JobViews;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A job's labels, logs and metrics on the project's routes. Labels replace the caller's and keep
 * the project's {@code hfjobs-} ones. Logs and metrics are JSON: what the Hub's event streams deliver
 * within a bounded read (an API Gateway answer is buffered, at most a few megabytes, within 29 s).
 * A live job's log stream never ends by itself: the read is cut after a few seconds of silence, as
 * the reference client does without {@code follow}.
 */
final class JobDetailsRoutes {
    /** The Hub starts every log connection with this line; the reference client drops it too. */
    static final String LOG_MARKER = "===== Job started";
    static final int MAX_TAIL = 10_000;
    // The Hub sends what a job has logged at once: two seconds of silence mean it has all come.
    static final StreamLimits LOGS = new StreamLimits(Duration.ofSeconds(2), Duration.ofSeconds(20), MAX_TAIL + 1,
            4 * 1024 * 1024);
    static final StreamLimits METRICS = new StreamLimits(Duration.ofSeconds(5), Duration.ofSeconds(5), 10,
            256 * 1024);

    private final HfJobsClient hub;
    private final JobTargets targets;

    JobDetailsRoutes(HfJobsClient hub, JobTargets targets) {
        this.hub = hub;
        this.targets = targets;
    }

    List<Route> routes() {
        return List.of(
                Route.of("PUT", "/jobs/{id}/labels", (call, p) -> labels(call, p.getFirst())),
                Route.of("GET", "/jobs/{id}/logs", (call, p) -> logs(call, p.getFirst())),
                Route.of("GET", "/jobs/{id}/metrics", (call, p) -> metrics(call, p.getFirst())));
    }

    private HttpAnswer labels(ApiCall call, String id) {
        Optional<HttpAnswer> refused = Bodies.checkJson(call.http()).or(() -> Queries.only(call.http(),
                Set.of("namespace")));
        if (refused.isPresent()) {
            return refused.get();
        }
        Validated<LabelUpdates.Change> labels;
        try {
            labels = LabelUpdates.parse(call.http().body());
        } catch (ModelException e) {
            return HttpAnswer.problem(400, "malformed-json", "The body is not JSON", e.getMessage());
        }
        return switch (labels) {
            case Validated.Invalid<LabelUpdates.Change> invalid -> HttpAnswer.invalid(invalid.problems());
            case Validated.Valid<LabelUpdates.Change> valid -> targets.ofJob(call, id, Action.SUBMIT).then(ns ->
                    switch (LabelUpdates.job(hub, ns, id, valid.value(), call.deadline())) {
                        case HubResult.Failed<JobInfo> failed -> JobTargets.failed("job", id, failed.error());
                        case HubResult.Ok<JobInfo> ok -> HttpAnswer.json(200, JobViews.job(ok.value(),
                                ok.value().url(hub.endpoint(), ns)));
                    });
        };
    }

    private HttpAnswer logs(ApiCall call, String id) {
        return Queries.only(call.http(), Set.of("namespace", "tail")).orElseGet(() -> tail(call).then(tail ->
                targets.ofJob(call, id, Action.READ).then(ns -> switch (hub.jobLogs(ns, id, tail, LOGS,
                        call.deadline())) {
                    case HubResult.Failed<EventStream> failed -> JobTargets.failed("job", id, failed.error());
                    case HubResult.Ok<EventStream> ok -> HttpAnswer.json(200, logLines(ok.value()));
                })));
    }

    /** {@code tail}, when given: 1 to {@link #MAX_TAIL}. */
    private static Either<OptionalInt> tail(ApiCall call) {
        List<String> values = call.http().queryAll("tail");
        if (values.isEmpty()) {
            return Either.right(OptionalInt.empty());
        }
        if (values.size() == 1 && values.getFirst().matches("[1-9][0-9]{0,4}")
                && Integer.parseInt(values.getFirst()) <= MAX_TAIL) {
            return Either.right(OptionalInt.of(Integer.parseInt(values.getFirst())));
        }
        return Either.left(HttpAnswer.invalid(List.of(new Problem("tail", "must be one whole number from 1 to "
                + MAX_TAIL))));
    }

    /** {@code {"lines": [{"timestamp", "line"}], "truncated", "ended"}}. */
    static ObjectNode logLines(EventStream stream) {
        ObjectNode body = Wire.object();
        ArrayNode lines = body.putArray("lines");
        for (EventStream.Event event : stream.events()) {
            JsonNode data = parse(event.data());
            String line = data.path("data").asText(null);
            if (line != null && !line.startsWith(LOG_MARKER)) {
                lines.addObject().put("timestamp", data.path("timestamp").asText(null)).put("line", line);
            }
        }
        body.put("truncated", stream.truncated());
        body.put("ended", stream.ended());
        return body;
    }

    private HttpAnswer metrics(ApiCall call, String id) {
        return Queries.only(call.http(), Set.of("namespace")).orElseGet(() -> targets.ofJob(call, id, Action.READ)
                .then(ns -> switch (hub.jobMetrics(ns, id, METRICS, call.deadline())) {
                    case HubResult.Ok<EventStream> ok -> HttpAnswer.json(200, samples(ok.value()));
                    case HubResult.Failed<EventStream> failed -> finished(call, ns, id, failed.error());
                }));
    }

    /** {@code {"samples": [...]}}: each sample as the Hub sent it. */
    static ObjectNode samples(EventStream stream) {
        ObjectNode body = Wire.object();
        ArrayNode samples = body.putArray("samples");
        stream.events().stream().map(e -> parse(e.data())).filter(JsonNode::isObject).forEach(samples::add);
        return body;
    }

    /** The Hub answers 500 for the metrics of a finished job: no samples, not an error. */
    private HttpAnswer finished(ApiCall call, String namespace, String id, HubError error) {
        if (error.httpStatus().orElse(0) != 500
                || !(hub.inspectJob(namespace, id, call.deadline()) instanceof HubResult.Ok<JobInfo>(JobInfo job))
                || !job.stage().isTerminal()) {
            return JobTargets.failed("job", id, error);
        }
        ObjectNode body = Wire.object();
        body.putArray("samples");
        body.put("stage", job.stage().value());
        return HttpAnswer.json(200, body);
    }

    private static JsonNode parse(String data) {
        try {
            return Wire.parse(data);
        } catch (ModelException e) {
            return MissingNode.getInstance();
        }
    }
}
