package dev.hfjobs.submit;

import dev.hfjobs.aws.EventPublisher;
import dev.hfjobs.hub.Deadline;
import dev.hfjobs.hub.HfJobsClient;
import dev.hfjobs.hub.HubError;
import dev.hfjobs.hub.HubResult;
import dev.hfjobs.model.Identifiers;
import dev.hfjobs.model.JobInfo;
import dev.hfjobs.model.JobSpec;
import dev.hfjobs.model.Problem;
import dev.hfjobs.store.ClaimLostException;
import dev.hfjobs.store.ClaimOutcome;
import dev.hfjobs.store.ClaimStatus;
import dev.hfjobs.store.IdempotencyClaim;
import dev.hfjobs.store.JobStore;
import dev.hfjobs.store.StoreUnavailableException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Turns a validated request into exactly one Hub job.
 *
 * <p>The idempotency key is claimed in the store first (a conditional write), so concurrent
 * duplicates start one job and a repeat gets the first job back. The job carries a tracking label
 * with the claim's tracking id. The Hub's POST is never repeated blindly: after an answer that may
 * have been lost (timeout, broken connection, 5xx) the job is looked for by its tracking label
 * before another POST. A holder that dies leaves a lease that expires; whoever takes the claim over
 * looks for the job the same way.
 */
public final class SubmitService {
    /** How long a key is remembered. */
    static final Duration KEY_TTL = Duration.ofHours(24);
    // A lease outlives the holder's own deadline by this much, for clock skew and the last writes.
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(10);
    // POSTs in one invocation: the first, and one more once the Hub has been searched.
    private static final int MAX_POSTS = 2;

    private final HfJobsClient hub;
    private final JobStore store;
    private final NamespaceResolver namespaces;
    private final Clock clock;
    private final Settlement settlement;
    private final SubmitPolicy policy;

    public SubmitService(HfJobsClient hub, JobStore store, EventPublisher events, NamespaceResolver namespaces,
            SubmitPolicy policy, Clock clock) {
        this.hub = hub;
        this.store = store;
        this.namespaces = namespaces;
        this.policy = policy;
        this.clock = clock;
        this.settlement = new Settlement(store, events, hub.endpoint(), clock);
    }

    /** Submits; never throws for Hub, token or store trouble (see {@link SubmitOutcome}). */
    public SubmitOutcome submit(SubmitCommand command, Deadline deadline) {
        HubResult<String> namespace = namespaces.resolve(command.request().requestedNamespace(), deadline);
        return switch (namespace) {
            case HubResult.Failed<String> failed -> unavailable(failed.error());
            case HubResult.Ok<String> ok when !Identifiers.isNamespace(ok.value()) -> new SubmitOutcome.Invalid(
                    List.of(new Problem("namespace", Identifiers.NAMESPACE_RULE)), 400);
            case HubResult.Ok<String> ok -> checked(command, ok.value(), deadline);
        };
    }

    private SubmitOutcome checked(SubmitCommand command, String namespace, Deadline deadline) {
        return switch (policy.check(command.request().spec(), deadline)) {
            case SubmitPolicy.Verdict.Allowed allowed -> claimAndCreate(command, namespace, deadline);
            case SubmitPolicy.Verdict.Refused refused -> new SubmitOutcome.Invalid(refused.problems(), refused.status());
            case SubmitPolicy.Verdict.CannotTell unknown -> new SubmitOutcome.Unavailable(
                    SubmitOutcome.Cause.HUB_UNAVAILABLE, unknown.reason(), null);
        };
    }

    private SubmitOutcome claimAndCreate(SubmitCommand command, String namespace, Deadline deadline) {
        String hash = RequestHash.of(namespace, command.request().spec());
        Instant now = clock.instant();
        IdempotencyClaim fresh = IdempotencyClaim.inProgress(command.idempotencyKey(), hash, Tracking.newId(),
                namespace, now, now.plus(deadline.remaining()).plus(LEASE_MARGIN), now.plus(KEY_TTL));
        try {
            return switch (store.claim(fresh, now)) {
                case ClaimOutcome.Claimed claimed -> create(command, namespace, claimed.claim(), false, deadline);
                // Not this request's claim after all: hand the lease back at once.
                case ClaimOutcome.TakenOver taken when !hash.equals(taken.claim().requestHash()) ->
                        giveUp(taken.claim(), conflict());
                case ClaimOutcome.TakenOver taken -> create(command, namespace, taken.claim(), true, deadline);
                case ClaimOutcome.Held held -> held(command, held.claim(), hash, deadline);
            };
        } catch (StoreUnavailableException e) {
            return new SubmitOutcome.Unavailable(SubmitOutcome.Cause.STORE_UNAVAILABLE, e.getMessage(), null);
        }
    }

    private SubmitOutcome held(SubmitCommand command, IdempotencyClaim claim, String hash, Deadline deadline) {
        if (!hash.equals(claim.requestHash())) {
            return conflict();
        }
        if (claim.status() == ClaimStatus.IN_PROGRESS) {
            Duration left = Duration.between(clock.instant(), claim.leaseUntil());
            return new SubmitOutcome.InProgress(left.isNegative() ? Duration.ofSeconds(1) : left);
        }
        return switch (hub.inspectJob(claim.namespace(), claim.jobId(), deadline)) {
            case HubResult.Ok<JobInfo> ok -> settlement.settle(ok.value(), command, claim, true);
            case HubResult.Failed<JobInfo> failed -> unavailable(failed.error());
        };
    }

    private SubmitOutcome create(SubmitCommand command, String namespace, IdempotencyClaim claim,
            boolean searchFirst, Deadline deadline) {
        JobSpec spec = command.request().spec().withLabels(Tracking.labels(claim.trackingId(), command.source()));
        if (searchFirst) {
            SubmitOutcome found = search(command, namespace, claim, deadline);
            if (found != null) {
                return found;
            }
        }
        HubError last = null;
        for (int post = 1; post <= MAX_POSTS; post++) {
            HubResult<JobInfo> result = hub.createJob(namespace, spec, deadline);
            if (result instanceof HubResult.Ok<JobInfo>(JobInfo job)) {
                return settlement.settle(job, command, claim, false);
            }
            last = ((HubResult.Failed<JobInfo>) result).error();
            if (!last.mayHaveTakenEffect()) {
                return refused(claim, last);
            }
            SubmitOutcome found = search(command, namespace, claim, deadline);
            if (found != null) {
                return found;
            }
        }
        return giveUp(claim, unavailable(last));
    }

    /**
     * Looks for the job this claim may have created: the outcome when found or when the search
     * failed, null when the Hub has no such job (so posting is safe).
     */
    private SubmitOutcome search(SubmitCommand command, String namespace, IdempotencyClaim claim,
            Deadline deadline) {
        return switch (new TrackedJobs(hub).find(namespace, claim.trackingId(), deadline)) {
            case TrackedJobs.Found found -> settlement.settle(found.job(), command, claim, false);
            case TrackedJobs.NotFound notFound -> null;
            case TrackedJobs.Unknown unknown -> giveUp(claim, unavailable(unknown.error()));
        };
    }

    /** A failure where nothing was created: final for 4xx, retryable for the rest. */
    private SubmitOutcome refused(IdempotencyClaim claim, HubError error) {
        if (error instanceof HubError.Http http && !http.isTransient() && http.status() != 401) {
            releaseQuietly(claim);
            return new SubmitOutcome.HubRejected(http);
        }
        return giveUp(claim, unavailable(error));
    }

    /** Ends the lease now, keeping the tracking id, so the next attempt takes over and searches first. */
    private SubmitOutcome giveUp(IdempotencyClaim claim, SubmitOutcome outcome) {
        try {
            store.extendLease(claim.key(), claim.trackingId(), clock.instant());
        } catch (StoreUnavailableException e) {
            // The lease then runs out by itself; the outcome stays what it was.
        }
        return outcome;
    }

    private void releaseQuietly(IdempotencyClaim claim) {
        try {
            store.release(claim.key(), claim.trackingId());
        } catch (StoreUnavailableException | ClaimLostException e) {
            // A claim left behind only makes a repeat of this refused request answer "in progress"
            // until its lease ends.
        }
    }

    private static SubmitOutcome conflict() {
        return new SubmitOutcome.KeyConflict("the idempotency key was already used for a different request");
    }

    static SubmitOutcome.Unavailable unavailable(HubError error) {
        SubmitOutcome.Cause cause = switch (error) {
            case HubError.Http http when http.status() == 429 -> SubmitOutcome.Cause.RATE_LIMITED;
            case HubError.Http http when http.status() == 401 -> SubmitOutcome.Cause.HUB_UNAUTHORIZED;
            case HubError.Network network when network.kind() == HubError.NetworkKind.TIMEOUT ->
                    SubmitOutcome.Cause.HUB_TIMEOUT;
            case HubError.DeadlineExceeded deadline -> SubmitOutcome.Cause.HUB_TIMEOUT;
            case HubError.TokenUnavailable token -> SubmitOutcome.Cause.TOKEN_UNAVAILABLE;
            default -> SubmitOutcome.Cause.HUB_UNAVAILABLE;
        };
        Duration retryAfter = error instanceof HubError.Http http ? http.retryAfter() : null;
        return new SubmitOutcome.Unavailable(cause, error.describe(), retryAfter);
    }

    /** The Hub's base URL, for job page links. */
    public URI endpoint() {
        return hub.endpoint();
    }
}
