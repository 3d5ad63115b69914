package dev.hfjobs.hub;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hfjobs.Deadline;
import dev.hfjobs.model.Hardware;
import dev.hfjobs.model.Identifiers;
import dev.hfjobs.model.JobInfo;
import dev.hfjobs.model.JobSpec;
import dev.hfjobs.model.JobStage;
import dev.hfjobs.model.ModelException;
import dev.hfjobs.model.ScheduledJobBody;
import dev.hfjobs.model.ScheduledJobInfo;
import dev.hfjobs.model.Wire;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;

/**
 * A client of the Hugging Face Jobs API ({@code shared/reference/hf-jobs-api.md}) on
 * {@code HttpURLConnection}. Every method returns a {@link HubResult}: HTTP errors are values.
 *
 * <p>Namespaces and ids are checked before they enter a URL ({@link HubError.InvalidArgument}).
 * Reads, cancels, label updates and deletions are retried on 408, 429, 5xx and network errors
 * with backoff, within the {@link Deadline}; calls that start a job ({@link #createJob},
 * {@link #runScheduledJob}) are never repeated: after a failure that {@link
 * HubError#mayHaveTakenEffect() may have taken effect}, the caller looks for the job first. A 401
 * re-reads the token once. Thread-safe; build one per container.
 */
public final class HfJobsClient {
    private final URI endpoint;
    private final Transport transport;

    private HfJobsClient(URI endpoint, Transport transport) {
        this.endpoint = endpoint;
        this.transport = transport;
    }

    /** A builder; {@code endpoint} and {@code tokens} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The Hub's base URL, e.g. {@code https://huggingface.co}. */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * Reads the token now, so that the first call finds it ready (a plain cold start reads it while
     * the first event is on its way). A token that cannot be read is left for that call to meet.
     */
    public void prefetchToken(Deadline deadline) {
        transport.prefetchToken(deadline);
    }

    /** {@code POST /api/jobs/{namespace}}: starts a job. Never retried. */
    public HubResult<JobInfo> createJob(String namespace, JobSpec spec, Deadline deadline) {
        return checkNamespace(namespace).<HubResult<JobInfo>>map(HubResult.Failed::new).orElseGet(() ->
                call("POST", "/api/jobs/" + namespace, Wire.write(spec), false, deadline, json(JobInfo.class)));
    }

    /** {@code GET /api/jobs/{namespace}/{id}}. */
    public HubResult<JobInfo> inspectJob(String namespace, String jobId, Deadline deadline) {
        return checkJob(namespace, jobId).<HubResult<JobInfo>>map(HubResult.Failed::new).orElseGet(() ->
                call("GET", "/api/jobs/" + namespace + "/" + jobId, null, true, deadline, json(JobInfo.class)));
    }

    /** {@code POST /api/jobs/{namespace}/{id}/cancel}; the answer's body is ignored. */
    public HubResult<Boolean> cancelJob(String namespace, String jobId, Deadline deadline) {
        return checkJob(namespace, jobId).<HubResult<Boolean>>map(HubResult.Failed::new).orElseGet(() ->
                call("POST", "/api/jobs/" + namespace + "/" + jobId + "/cancel", null, true, deadline, a -> new HubResult.Ok<>(true)));
    }

    /** {@code PUT /api/jobs/{namespace}/{id}/labels}: replaces the job's labels (all of them). */
    public HubResult<JobInfo> replaceLabels(String namespace, String jobId, Map<String, String> labels,
            Deadline deadline) {
        String body = Wire.write(Map.of("labels", labels));
        return checkJob(namespace, jobId).<HubResult<JobInfo>>map(HubResult.Failed::new).orElseGet(() ->
                call("PUT", "/api/jobs/" + namespace + "/" + jobId + "/labels", body, true, deadline,
                        json(JobInfo.class)));
    }

    /**
     * {@code GET /api/jobs/{namespace}/{id}/logs}: the log lines the Hub sends within {@code limits}
     * (the stream of a live job stays open: it is cut after the quiet time).
     *
     * @param tail the last lines only, when given (1 or more)
     */
    public HubResult<EventStream> jobLogs(String namespace, String jobId, OptionalInt tail, StreamLimits limits,
            Deadline deadline) {
        String query = tail.isPresent() ? "?tail=" + tail.getAsInt() : "";
        return checkJob(namespace, jobId).<HubResult<EventStream>>map(HubResult.Failed::new).orElseGet(() ->
                transport.stream(new Call("GET", resolve("/api/jobs/" + namespace + "/" + jobId + "/logs" + query),
                        null, true), deadline, limits));
    }

    /**
     * {@code GET /api/jobs/{namespace}/{id}/metrics}: the samples the Hub sends within {@code limits}
     * (about one a second while the job runs; the Hub answers 500 once it has finished).
     */
    public HubResult<EventStream> jobMetrics(String namespace, String jobId, StreamLimits limits,
            Deadline deadline) {
        return checkJob(namespace, jobId).<HubResult<EventStream>>map(HubResult.Failed::new).orElseGet(() ->
                transport.stream(new Call("GET", resolve("/api/jobs/" + namespace + "/" + jobId + "/metrics"),
                        null, true), deadline, limits));
    }

    /** The first page of {@code GET /api/jobs/{namespace}} with the filter's stages and labels. */
    public HubResult<JobPage> listJobs(String namespace, JobFilter filter, Deadline deadline) {
        return checkNamespace(namespace).<HubResult<JobPage>>map(HubResult.Failed::new).orElseGet(() ->
                page(resolve("/api/jobs/" + namespace + query(filter)), deadline));
    }

    /** The page a {@link JobPage#next()} link points at. */
    public HubResult<JobPage> nextJobs(URI next, Deadline deadline) {
        if (!next.toString().startsWith(endpoint.toString())) {
            return new HubResult.Failed<>(new HubError.InvalidArgument("next", "must be a page of this Hub"));
        }
        return page(next, deadline);
    }

    /** Every page of a listing, followed through {@code Link} headers. */
    public HubResult<List<JobInfo>> listAllJobs(String namespace, JobFilter filter, Deadline deadline) {
        return checkNamespace(namespace).<HubResult<List<JobInfo>>>map(HubResult.Failed::new).orElseGet(() ->
                allPages(resolve("/api/jobs/" + namespace + query(filter)), JobInfo[].class, deadline));
    }

    /** {@code GET /api/jobs/hardware}: the catalog of flavors and prices. */
    public HubResult<List<Hardware>> hardware(Deadline deadline) {
        return call("GET", "/api/jobs/hardware", null, true, deadline, json(Hardware[].class)).map(List::of);
    }

    /** {@code POST /api/scheduled-jobs/{namespace}}. Not retried: a repeat could create two. */
    public HubResult<ScheduledJobInfo> createScheduledJob(String namespace, ScheduledJobBody body,
            Deadline deadline) {
        return checkNamespace(namespace).<HubResult<ScheduledJobInfo>>map(HubResult.Failed::new).orElseGet(() ->
                call("POST", "/api/scheduled-jobs/" + namespace, Wire.write(body), false, deadline,
                        json(ScheduledJobInfo.class)));
    }

    /** {@code GET /api/scheduled-jobs/{namespace}}, every page, optionally filtered by labels. */
    public HubResult<List<ScheduledJobInfo>> listScheduledJobs(String namespace, Map<String, String> labels,
            Deadline deadline) {
        URI first = resolve("/api/scheduled-jobs/" + namespace + query(new JobFilter(Set.of(), labels)));
        return checkNamespace(namespace).<HubResult<List<ScheduledJobInfo>>>map(HubResult.Failed::new)
                .orElseGet(() -> allPages(first, ScheduledJobInfo[].class, deadline));
    }

    /** {@code GET /api/scheduled-jobs/{namespace}/{id}}. */
    public HubResult<ScheduledJobInfo> inspectScheduledJob(String namespace, String id, Deadline deadline) {
        return scheduled("GET", namespace, id, "", true, deadline, json(ScheduledJobInfo.class));
    }

    /** {@code DELETE /api/scheduled-jobs/{namespace}/{id}}. */
    public HubResult<Boolean> deleteScheduledJob(String namespace, String id, Deadline deadline) {
        return scheduled("DELETE", namespace, id, "", true, deadline, a -> new HubResult.Ok<>(true));
    }

    /** {@code POST /api/scheduled-jobs/{namespace}/{id}/suspend}. */
    public HubResult<Boolean> suspendScheduledJob(String namespace, String id, Deadline deadline) {
        return scheduled("POST", namespace, id, "/suspend", true, deadline, a -> new HubResult.Ok<>(true));
    }

    /** {@code POST /api/scheduled-jobs/{namespace}/{id}/resume}. */
    public HubResult<Boolean> resumeScheduledJob(String namespace, String id, Deadline deadline) {
        return scheduled("POST", namespace, id, "/resume", true, deadline, a -> new HubResult.Ok<>(true));
    }

    /** {@code PUT /api/scheduled-jobs/{namespace}/{id}/labels}: replaces the scheduled job's labels. */
    public HubResult<ScheduledJobInfo> replaceScheduledLabels(String namespace, String id, Map<String, String> labels,
            Deadline deadline) {
        String body = Wire.write(Map.of("labels", labels));
        return checkJob(namespace, id).<HubResult<ScheduledJobInfo>>map(HubResult.Failed::new).orElseGet(() ->
                call("PUT", "/api/scheduled-jobs/" + namespace + "/" + id + "/labels", body, true, deadline,
                        json(ScheduledJobInfo.class)));
    }

    /** {@code POST /api/scheduled-jobs/{namespace}/{id}/run}: starts a job now. Never retried. */
    public HubResult<JobInfo> runScheduledJob(String namespace, String id, Deadline deadline) {
        return scheduled("POST", namespace, id, "/run", false, deadline, json(JobInfo.class));
    }

    /** {@code GET /api/whoami-v2}. Heavily rate-limited by the Hub: call once and keep the answer. */
    public HubResult<WhoAmI> whoami(Deadline deadline) {
        return call("GET", "/api/whoami-v2", null, true, deadline, json(JsonNode.class)).map(HfJobsClient::whoAmI);
    }

    private static WhoAmI whoAmI(JsonNode node) {
        List<String> orgs = new ArrayList<>();
        node.path("orgs").forEach(org -> orgs.add(org.path("name").asText()));
        return new WhoAmI(node.path("name").asText(), node.path("type").asText(), List.copyOf(orgs));
    }

    private <T> HubResult<T> scheduled(String method, String namespace, String id, String suffix,
            boolean retryable, Deadline deadline, Function<Answer, HubResult<T>> decoder) {
        return checkJob(namespace, id).<HubResult<T>>map(HubResult.Failed::new).orElseGet(() ->
                call(method, "/api/scheduled-jobs/" + namespace + "/" + id + suffix, null, retryable, deadline,
                        decoder));
    }

    private HubResult<JobPage> page(URI uri, Deadline deadline) {
        return fetch(uri, JobInfo[].class, deadline).map(chunk -> new JobPage(chunk.items(), chunk.next()));
    }

    /** One page and its {@code Link: rel="next"}. */
    private record Chunk<T>(List<T> items, URI next) {}

    private <T> HubResult<Chunk<T>> fetch(URI uri, Class<T[]> type, Deadline deadline) {
        return switch (transport.execute(new Call("GET", uri, null, true), deadline)) {
            case HubResult.Failed<Answer> failed -> new HubResult.Failed<>(failed.error());
            case HubResult.Ok<Answer> ok -> decode(ok.value(), type)
                    .map(items -> new Chunk<>(List.of(items), LinkHeader.next(ok.value().headers(), uri).orElse(null)));
        };
    }

    private <T> HubResult<List<T>> allPages(URI first, Class<T[]> type, Deadline deadline) {
        List<T> all = new ArrayList<>();
        Set<URI> seen = new HashSet<>();
        for (URI next = first; next != null; ) {
            if (!seen.add(next)) {
                return new HubResult.Failed<>(new HubError.BadAnswer(200, "the Link header loops", null));
            }
            switch (fetch(next, type, deadline)) {
                case HubResult.Failed<Chunk<T>> failed -> {
                    return new HubResult.Failed<>(failed.error());
                }
                case HubResult.Ok<Chunk<T>> ok -> {
                    all.addAll(ok.value().items());
                    next = ok.value().next();
                }
            }
        }
        return new HubResult.Ok<>(List.copyOf(all));
    }

    private <T> HubResult<T> call(String method, String path, String body, boolean retryable, Deadline deadline,
            Function<Answer, HubResult<T>> decoder) {
        return switch (transport.execute(new Call(method, resolve(path), body, retryable), deadline)) {
            case HubResult.Failed<Answer> failed -> new HubResult.Failed<>(failed.error());
            case HubResult.Ok<Answer> ok -> decoder.apply(ok.value());
        };
    }

    private static <T> Function<Answer, HubResult<T>> json(Class<T> type) {
        return answer -> decode(answer, type);
    }

    private static <T> HubResult<T> decode(Answer answer, Class<T> type) {
        try {
            return new HubResult.Ok<>(Objects.requireNonNull(Wire.read(Wire.parse(answer.body()), type)));
        } catch (ModelException | NullPointerException e) {
            return new HubResult.Failed<>(new HubError.BadAnswer(answer.status(),
                    "expected " + type.getSimpleName() + ": " + e.getMessage(), answer.requestId()));
        }
    }

    private URI resolve(String pathAndQuery) {
        return URI.create(endpoint.toString() + pathAndQuery);
    }

    private static String query(JobFilter filter) {
        List<String> params = new ArrayList<>();
        filter.stages().stream().map(JobStage::value).sorted().forEach(s -> params.add("stage=" + encode(s)));
        filter.labels().forEach((k, v) -> params.add("label=" + encode(k + "=" + v)));
        return params.isEmpty() ? "" : "?" + String.join("&", params);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static Optional<HubError> checkNamespace(String namespace) {
        return Identifiers.isNamespace(namespace) ? Optional.empty()
                : Optional.of(new HubError.InvalidArgument("namespace", Identifiers.NAMESPACE_RULE));
    }

    private static Optional<HubError> checkJob(String namespace, String id) {
        return checkNamespace(namespace).or(() -> Identifiers.isJobId(id) ? Optional.empty()
                : Optional.of(new HubError.InvalidArgument("id", Identifiers.ID_RULE)));
    }

    /** Builds a {@link HfJobsClient}. */
    public static final class Builder {
        private URI endpoint = URI.create("https://huggingface.co");
        private TokenProvider tokens;
        private RetryPolicy retry = RetryPolicy.DEFAULT;
        private Duration callTimeout = Duration.ofSeconds(30);
        private Duration connectTimeout = Duration.ofSeconds(5);

        private Builder() {}

        /** The Hub's base URL ({@code HF_ENDPOINT}); a trailing slash is dropped. */
        public Builder endpoint(URI endpoint) {
            this.endpoint = URI.create(endpoint.toString().replaceAll("/+$", ""));
            return this;
        }

        /** Where the token comes from. */
        public Builder tokens(TokenProvider tokens) {
            this.tokens = tokens;
            return this;
        }

        /** How idempotent calls are retried. */
        public Builder retry(RetryPolicy retry) {
            this.retry = retry;
            return this;
        }

        /** The longest one attempt may take (also bounded by each call's deadline). */
        public Builder callTimeout(Duration callTimeout) {
            this.callTimeout = callTimeout;
            return this;
        }

        /** The longest a connection may take to open. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public HfJobsClient build() {
            Objects.requireNonNull(tokens, "tokens");
            return new HfJobsClient(endpoint, new Transport(tokens, UserAgent.VALUE, callTimeout, connectTimeout,
                    retry));
        }
    }
}
