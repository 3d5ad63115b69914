package dev.hfjobs.submit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hfjobs.Deadline;
import dev.hfjobs.Log;
import dev.hfjobs.hub.HfJobsClient;
import dev.hfjobs.hub.HubError;
import dev.hfjobs.hub.HubResult;
import dev.hfjobs.model.Identifiers;
import dev.hfjobs.model.JobInfo;
import dev.hfjobs.model.JobRequests;
import dev.hfjobs.model.JobSpec;
import dev.hfjobs.model.ModelException;
import dev.hfjobs.model.Problem;
import dev.hfjobs.model.SubmitRequest;
import dev.hfjobs.model.Validated;
import dev.hfjobs.model.Wire;
import dev.hfjobs.model.WireSpecs;
import dev.hfjobs.ports.EventPublisher;
import dev.hfjobs.ports.TaskCallbacks;
import dev.hfjobs.secrets.JobSecrets;
import dev.hfjobs.store.ClaimLostException;
import dev.hfjobs.store.ClaimOutcome;
import dev.hfjobs.store.ClaimStatus;
import dev.hfjobs.store.Claims;
import dev.hfjobs.store.IdempotencyClaim;
import dev.hfjobs.store.JobRecords;
import dev.hfjobs.store.StoreUnavailableException;
import dev.hfjobs.store.TaskTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a submit request into exactly one Hub job, or says why it cannot.
 *
 * <p>The request is checked first (JSON, fields, namespace, flavor, cost); one that can never
 * become a job is published as {@code HF Job Submission Failed}, here and nowhere else. Then the
 * idempotency key is claimed in the store (a conditional write), so concurrent duplicates start one
 * job and a repeat gets the first job back. The job carries a tracking label with the claim's
 * tracking id. The Hub's POST is never repeated blindly: after an answer that may have been lost
 * (timeout, broken connection, 5xx) the job is looked for by its tracking label before another
 * POST. A holder that dies leaves a lease that expires; whoever takes the claim over looks for the
 * job the same way. Every call is bounded by the caller's deadline.
 */
public final class SubmitService {
    /** How long a key is remembered. */
    static final Duration KEY_TTL = Duration.ofHours(24);
    // A lease outlives the holder's own deadline by this much, for clock skew and the last writes.
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(10);
    // POSTs in one invocation: the first, and one more once the Hub has been searched.
    private static final int MAX_POSTS = 2;

    /** The body field (and SQS message attribute) that carries a Step Functions task token. */
    public static final String TASK_TOKEN_FIELD = "taskToken";

    private final HfJobsClient hub;
    private final Claims claims;
    private final EventPublisher events;
    private final TaskCallbacks callbacks;
    private final NamespaceResolver namespaces;
    private final Clock clock;
    private final Settlement settlement;
    private final SubmitPolicy policy;
    private final JobSecrets secrets;

    /**
     * @param secrets reads the requests' secret references when their jobs are created
     */
    public SubmitService(HfJobsClient hub, Claims claims, JobRecords jobs, EventPublisher events,
            TaskCallbacks callbacks, NamespaceResolver namespaces, SubmitPolicy policy, JobSecrets secrets,
            Clock clock) {
        this.hub = hub;
        this.secrets = secrets;
        this.claims = claims;
        this.events = events;
        this.callbacks = callbacks;
        this.namespaces = namespaces;
        this.policy = policy;
        this.clock = clock;
        this.settlement = new Settlement(claims, jobs, hub.endpoint(), clock);
    }

    /** Submits; never throws for Hub, token or store trouble (see {@link SubmitOutcome}). */
    public SubmitOutcome submit(SubmitInput given, Deadline deadline) {
        Steps steps = new Steps();
        JsonNode body;
        try {
            body = Wire.parse(given.body());
        } catch (ModelException e) {
            return reject(given, null, new SubmitOutcome.Rejected(SubmitOutcome.Reason.MALFORMED_JSON,
                    "the body is not JSON: " + e.getMessage(), given.problems(), null), deadline);
        }
        SubmitInput input = withTaskToken(given, body);
        return switch (parse(input, body)) {
            case Validated.Invalid<SubmitRequest> invalid -> invalid(input, body, invalid.problems(), deadline);
            case Validated.Valid<SubmitRequest> valid when !input.problems().isEmpty() ->
                    invalid(input, body, List.of(), deadline);
            case Validated.Valid<SubmitRequest> valid -> {
                steps.end("validate");
                yield checked(input, body, new SubmitCommand(valid.value(), input.source(), input.caller(),
                        input.idempotencyKey(), input.taskToken(), steps), deadline);
            }
        };
    }

    /**
     * The task token the request carries: the transport's (an SQS attribute), else the run_job body's
     * {@code taskToken} field. One that breaks the rule is a problem of the request (and cannot be
     * called back).
     */
    private static SubmitInput withTaskToken(SubmitInput input, JsonNode body) {
        if (input.format() != SubmitInput.Format.RUN_JOB) {
            return input;
        }
        JsonNode field = body.path(TASK_TOKEN_FIELD);
        String token = input.taskToken() != null ? input.taskToken() : field.isTextual() ? field.textValue() : null;
        boolean given = input.taskToken() != null || !field.isMissingNode() && !field.isNull();
        if (!given) {
            return input;
        }
        Optional<String> valid = TaskTokens.valid(token);
        if (valid.isPresent()) {
            return input.withTaskToken(valid.get());
        }
        List<Problem> problems = new ArrayList<>(input.problems());
        problems.add(new Problem(TASK_TOKEN_FIELD, TaskTokens.RULE));
        return new SubmitInput(input.body(), input.format(), input.pathNamespace(), input.idempotencyKey(), problems,
                input.extraFields(), input.source(), input.caller(), null, input.namespaceGate());
    }

    private static Validated<SubmitRequest> parse(SubmitInput input, JsonNode body) {
        return switch (input.format()) {
            case RUN_JOB -> JobRequests.parseSubmit(body, withTaskTokenField(input.extraFields()));
            case HUB_SPEC -> WireSpecs.parseJobSpec(body).map(spec -> new SubmitRequest(spec, input.pathNamespace()));
        };
    }

    private static Set<String> withTaskTokenField(Set<String> extraFields) {
        Set<String> fields = new HashSet<>(extraFields);
        fields.add(TASK_TOKEN_FIELD);
        return fields;
    }

    private SubmitOutcome invalid(SubmitInput input, JsonNode body, List<Problem> found, Deadline deadline) {
        List<Problem> problems = new ArrayList<>(input.problems());
        problems.addAll(found);
        return reject(input, body, new SubmitOutcome.Rejected(SubmitOutcome.Reason.INVALID_REQUEST,
                problems.size() + " problem(s) in the request; nothing was sent to the Hub", problems, null), deadline);
    }

    private SubmitOutcome checked(SubmitInput input, JsonNode body, SubmitCommand command, Deadline deadline) {
        HubResult<String> namespace = namespaces.resolve(command.request().requestedNamespace(), deadline);
        if (namespace instanceof HubResult.Failed<String>(HubError error)) {
            return unavailable(error);
        }
        String ns = ((HubResult.Ok<String>) namespace).value();
        if (!Identifiers.isNamespace(ns)) {
            return invalid(input, body, List.of(new Problem("namespace", Identifiers.NAMESPACE_RULE)), deadline);
        }
        if (!input.namespaceGate().test(ns)) {
            return reject(input, body, forbidden(ns, command.request().requestedNamespace().isEmpty()), deadline);
        }
        List<Problem> references = secrets.check(command.request());
        if (!references.isEmpty()) {
            return reject(input, body, secretUnavailable(references), deadline);
        }
        return switch (policy.check(command.request().spec(), timeoutField(input), deadline)) {
            case SubmitPolicy.Verdict.Allowed allowed -> {
                command.steps().end("checks");
                yield claimAndCreate(input, body, command, ns, deadline);
            }
            case SubmitPolicy.Verdict.Refused refused -> reject(input, body, new SubmitOutcome.Rejected(
                    refused.reason(), refused.problems().getFirst().field() + " " + refused.problems().getFirst()
                            .rule(), refused.problems(), null), deadline);
            case SubmitPolicy.Verdict.CannotTell unknown -> new SubmitOutcome.Unavailable(
                    SubmitOutcome.Cause.HUB_UNAVAILABLE, unknown.reason(), null);
        };
    }

    private SubmitOutcome claimAndCreate(SubmitInput input, JsonNode body, SubmitCommand command, String namespace,
            Deadline deadline) {
        String hash = RequestHash.of(namespace, command.request());
        Instant now = clock.instant();
        IdempotencyClaim fresh = IdempotencyClaim.inProgress(command.idempotencyKey(), hash, Tracking.newId(),
                namespace, now, now.plus(deadline.remaining()).plus(LEASE_MARGIN), now.plus(KEY_TTL));
        try {
            ClaimOutcome outcome = claims.claim(fresh, now, deadline);
            command.steps().end("claim");
            return switch (outcome) {
                case ClaimOutcome.Claimed claimed -> created(input, body,
                        create(command, namespace, claimed.claim(), false, deadline), deadline);
                // Not this request's claim after all: hand the lease back at once.
                case ClaimOutcome.TakenOver taken when !hash.equals(taken.claim().requestHash()) ->
                        giveUp(taken.claim(), keyReused(input, body, deadline), deadline);
                case ClaimOutcome.TakenOver taken -> created(input, body,
                        create(command, namespace, taken.claim(), true, deadline), deadline);
                case ClaimOutcome.Held held when !hash.equals(held.claim().requestHash()) ->
                        keyReused(input, body, deadline);
                case ClaimOutcome.Held held -> held(command, held.claim(), deadline);
            };
        } catch (StoreUnavailableException e) {
            return new SubmitOutcome.Unavailable(SubmitOutcome.Cause.STORE_UNAVAILABLE, e.getMessage(), null);
        }
    }

    /** A Hub refusal found while creating is published like every other rejection. */
    private SubmitOutcome created(SubmitInput input, JsonNode body, SubmitOutcome outcome, Deadline deadline) {
        return outcome instanceof SubmitOutcome.Rejected rejected ? reject(input, body, rejected, deadline) : outcome;
    }

    private SubmitOutcome held(SubmitCommand command, IdempotencyClaim claim, Deadline deadline) {
        if (claim.status() == ClaimStatus.IN_PROGRESS) {
            Duration left = Duration.between(clock.instant(), claim.leaseUntil());
            return new SubmitOutcome.InProgress(left.isNegative() ? Duration.ofSeconds(1) : left);
        }
        return switch (hub.inspectJob(claim.namespace(), claim.jobId(), deadline)) {
            case HubResult.Ok<JobInfo> ok -> settlement.settle(ok.value(), command, claim, Settlement.Origin.REPLAYED,
                    deadline);
            case HubResult.Failed<JobInfo> failed -> unavailable(failed.error());
        };
    }

    private SubmitOutcome create(SubmitCommand command, String namespace, IdempotencyClaim claim,
            boolean searchFirst, Deadline deadline) {
        if (searchFirst) {
            SubmitOutcome found = search(command, namespace, claim, deadline);
            if (found != null) {
                return found;
            }
        }
        JobSpec spec;
        JobSecrets.Resolution resolution = secrets.resolve(command.request(), deadline);
        if (!command.request().secretReferences().isEmpty()) {
            command.steps().end("secrets");
        }
        switch (resolution) {
            case JobSecrets.Resolution.Resolved resolved -> spec = command.request().spec()
                    .withSecrets(resolved.values()).withLabels(Tracking.labels(claim.trackingId(), command.source()));
            case JobSecrets.Resolution.Refused refused -> {
                releaseQuietly(claim, deadline);
                return secretUnavailable(refused.problems());
            }
            case JobSecrets.Resolution.Unavailable unavailable -> {
                return giveUp(claim, new SubmitOutcome.Unavailable(SubmitOutcome.Cause.SECRETS_UNAVAILABLE,
                        unavailable.detail(), null), deadline);
            }
        }
        HubError last = null;
        for (int post = 1; post <= MAX_POSTS; post++) {
            HubResult<JobInfo> result = hub.createJob(namespace, spec, deadline);
            command.steps().end("hub");
            if (result instanceof HubResult.Ok<JobInfo>(JobInfo job)) {
                return settlement.settle(job, command, claim, Settlement.Origin.CREATED, deadline);
            }
            last = ((HubResult.Failed<JobInfo>) result).error();
            if (!last.mayHaveTakenEffect()) {
                return refused(claim, last, deadline);
            }
            SubmitOutcome found = search(command, namespace, claim, deadline);
            if (found != null) {
                return found;
            }
        }
        return giveUp(claim, unavailable(last), deadline);
    }

    /**
     * Looks for the job this claim may have created: the outcome when found or when the search
     * failed, null when the Hub has no such job (so posting is safe).
     */
    private SubmitOutcome search(SubmitCommand command, String namespace, IdempotencyClaim claim,
            Deadline deadline) {
        return switch (new TrackedJobs(hub).find(namespace, claim.trackingId(), deadline)) {
            case TrackedJobs.Found found -> settlement.settle(found.job(), command, claim, Settlement.Origin.FOUND,
                    deadline);
            case TrackedJobs.NotFound notFound -> null;
            case TrackedJobs.Unknown unknown -> giveUp(claim, unavailable(unknown.error()), deadline);
        };
    }

    /** A failure where nothing was created: final for 4xx, retryable for the rest. */
    private SubmitOutcome refused(IdempotencyClaim claim, HubError error, Deadline deadline) {
        if (error instanceof HubError.Http http && !http.isTransient() && http.status() != 401) {
            releaseQuietly(claim, deadline);
            return new SubmitOutcome.Rejected(SubmitOutcome.Reason.HUB_REJECTED, http.describe(), List.of(), http);
        }
        return giveUp(claim, unavailable(error), deadline);
    }

    /** Ends the lease now, keeping the tracking id, so the next attempt takes over and searches first. */
    private SubmitOutcome giveUp(IdempotencyClaim claim, SubmitOutcome outcome, Deadline deadline) {
        try {
            claims.extendLease(claim.key(), claim.trackingId(), clock.instant(), deadline);
        } catch (StoreUnavailableException e) {
            // The lease then runs out by itself; the outcome stays what it was.
        }
        return outcome;
    }

    private void releaseQuietly(IdempotencyClaim claim, Deadline deadline) {
        try {
            claims.release(claim.key(), claim.trackingId(), deadline);
        } catch (StoreUnavailableException | ClaimLostException e) {
            // A claim left behind only makes a repeat of this refused request answer "in progress"
            // until its lease ends.
        }
    }

    private static SubmitOutcome.Rejected secretUnavailable(List<Problem> problems) {
        return new SubmitOutcome.Rejected(SubmitOutcome.Reason.SECRET_UNAVAILABLE, problems.size()
                + " secret reference(s) cannot be used; nothing was sent to the Hub", problems, null);
    }

    /** The problem names the namespace, which the caller gave or which is the default it fell back on. */
    private static SubmitOutcome.Rejected forbidden(String namespace, boolean defaulted) {
        String rule = "the access policy does not let you submit jobs to namespace " + namespace
                + (defaulted ? " (the default namespace); name one you may use" : "");
        return new SubmitOutcome.Rejected(SubmitOutcome.Reason.NAMESPACE_FORBIDDEN, rule,
                List.of(new Problem("namespace", rule)), null);
    }

    private SubmitOutcome keyReused(SubmitInput input, JsonNode body, Deadline deadline) {
        return reject(input, body, new SubmitOutcome.Rejected(SubmitOutcome.Reason.IDEMPOTENCY_KEY_REUSED,
                "the idempotency key was already used for a different request", List.of(), null), deadline);
    }

    /**
     * The one place a request that can never become a job is published, before it is answered; a
     * task waiting for it is failed at once ({@code HFJob.SubmissionFailed}), so a pipeline never
     * waits for its timeout. When that callback cannot be made now, the request is retried instead.
     */
    private SubmitOutcome reject(SubmitInput input, JsonNode body, SubmitOutcome.Rejected rejected,
            Deadline deadline) {
        List<EventPublisher.HfEvent> unpublished = events.publish(List.of(SubmitEvents.failed(rejected, body,
                input.source(), input.idempotencyKey(), input.caller())), deadline);
        if (!unpublished.isEmpty()) {
            Log.warn("failure event not published", Map.of("reason", rejected.reason().code(),
                    "idempotencyKey", input.idempotencyKey()));
        }
        // A token is only called back once it follows the rule (a malformed body never had it checked).
        Optional<String> token = Optional.ofNullable(input.taskToken()).flatMap(TaskTokens::valid);
        if (token.isPresent() && callbacks.fail(token.get(), TaskOutcomes.SUBMISSION_FAILED,
                TaskOutcomes.submissionFailed(rejected), deadline) instanceof TaskCallbacks.Result.Retry retry) {
            return new SubmitOutcome.Unavailable(SubmitOutcome.Cause.TASK_CALLBACK_UNAVAILABLE, retry.reason(), null);
        }
        return rejected;
    }

    /** What the request calls the timeout, for a problem that names it. */
    private static String timeoutField(SubmitInput input) {
        return switch (input.format()) {
            case RUN_JOB -> "timeout";
            case HUB_SPEC -> "timeoutSeconds";
        };
    }

    static SubmitOutcome.Unavailable unavailable(HubError error) {
        SubmitOutcome.Cause cause = switch (error) {
            case HubError.Http http when http.status() == 429 -> SubmitOutcome.Cause.RATE_LIMITED;
            case HubError.Http http when http.status() == 401 -> SubmitOutcome.Cause.HUB_UNAUTHORIZED;
            case HubError.Http http -> SubmitOutcome.Cause.HUB_UNAVAILABLE;
            case HubError.Network network when network.kind() == HubError.NetworkKind.TIMEOUT ->
                    SubmitOutcome.Cause.HUB_TIMEOUT;
            case HubError.Network network -> SubmitOutcome.Cause.HUB_UNAVAILABLE;
            case HubError.DeadlineExceeded deadline -> SubmitOutcome.Cause.HUB_TIMEOUT;
            case HubError.TokenUnavailable token when token.isTransient() -> SubmitOutcome.Cause.TOKEN_UNAVAILABLE;
            case HubError.TokenUnavailable token -> SubmitOutcome.Cause.TOKEN_MISCONFIGURED;
            case HubError.BadAnswer bad -> SubmitOutcome.Cause.HUB_UNAVAILABLE;
            case HubError.InvalidArgument invalid -> SubmitOutcome.Cause.HUB_UNAVAILABLE;
        };
        Duration retryAfter = error instanceof HubError.Http http ? http.retryAfter() : null;
        return new SubmitOutcome.Unavailable(cause, error.describe(), retryAfter);
    }
}
