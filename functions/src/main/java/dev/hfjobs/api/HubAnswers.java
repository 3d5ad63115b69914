package dev.hfjobs.api;

import dev.hfjobs.Log;
import dev.hfjobs.hub.HubError;
import dev.hfjobs.model.Problem;
import dev.hfjobs.submit.SubmitOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Maps Hub errors and submit outcomes to answers a caller can act on. */
final class HubAnswers {
    /** What a caller is asked to wait after a brownout answer. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private HubAnswers() {}

    static HttpAnswer of(HubError error) {
        Log.warn("hub call failed", Map.of("error", error.describe()));
        return switch (error) {
            case HubError.Http http -> http(http);
            case HubError.Network network when network.kind() == HubError.NetworkKind.TIMEOUT -> timeout();
            case HubError.Network network -> HttpAnswer.problem(502, "hub-unavailable", "The Hub is unavailable",
                    "no answer from the Hub; try again");
            case HubError.DeadlineExceeded deadline -> timeout();
            case HubError.BadAnswer bad -> HttpAnswer.problem(502, "hub-bad-answer", "The Hub's answer was unreadable",
                    bad.describe());
            case HubError.InvalidArgument invalid -> HttpAnswer.invalid(List.of(
                    new Problem(invalid.field(), invalid.rule())));
            case HubError.TokenUnavailable token when token.isTransient() -> brownout("the token secret");
            case HubError.TokenUnavailable token -> tokenUnavailable();
        };
    }

    private static HttpAnswer http(HubError.Http http) {
        String detail = http.message() + (http.requestId() == null ? "" : " (Hub request id " + http.requestId() + ")");
        return switch (http.status()) {
            case 400, 409, 422 -> HttpAnswer.problem(http.status(), "hub-rejected", "The Hub refused the request",
                    detail);
            case 401, 403 -> HttpAnswer.problem(502, "hub-token-rejected",
                    "The Hub rejected the configured token",
                    "the Hub answered " + http.status() + ": check the token secret's value and its access to the "
                            + "namespace" + (http.requestId() == null ? "" : " (Hub request id " + http.requestId() + ")"));
            case 404 -> HttpAnswer.problem(404, "not-found", "Not found on the Hub", detail);
            case 429 -> HttpAnswer.problem(429, "rate-limited", "The Hub's rate limit was reached", detail)
                    .retryAfter(http.retryAfter() != null ? http.retryAfter() : Duration.ofSeconds(30));
            case 408, 504 -> timeout();
            default -> HttpAnswer.problem(502, "hub-unavailable", "The Hub is unavailable", detail);
        };
    }

    private static HttpAnswer timeout() {
        return HttpAnswer.problem(504, "hub-timeout", "The Hub did not answer in time", "try again later");
    }

    /**
     * A dependency of ours was too slow or unreachable: nothing was created (or what was is found
     * again by the same Idempotency-Key), so the caller may simply try again.
     */
    static HttpAnswer brownout(String what) {
        return HttpAnswer.problem(503, "unavailable", "Temporarily unavailable", what
                + " did not answer in time; try again with the same Idempotency-Key").retryAfter(RETRY_AFTER);
    }

    static HttpAnswer tokenUnavailable() {
        return HttpAnswer.problem(500, "internal", "Internal error",
                "the function could not read its Hugging Face token; see its logs");
    }

    static HttpAnswer of(SubmitOutcome.Unavailable unavailable) {
        Log.warn("submission not made", Map.of("cause", unavailable.cause().name(), "detail", unavailable.detail()));
        return switch (unavailable.cause()) {
            case RATE_LIMITED -> HttpAnswer.problem(429, "rate-limited", "The Hub's rate limit was reached",
                    "try again later").retryAfter(unavailable.retryAfterIfAny().orElse(Duration.ofSeconds(30)));
            case HUB_TIMEOUT -> timeout();
            case HUB_UNAUTHORIZED -> HttpAnswer.problem(502, "hub-token-rejected",
                    "The Hub rejected the configured token", "check the token secret's value");
            case TOKEN_UNAVAILABLE -> brownout("the token secret");
            case TOKEN_MISCONFIGURED -> tokenUnavailable();
            case STORE_UNAVAILABLE -> brownout("the job store");
            case TASK_CALLBACK_UNAVAILABLE -> brownout("Step Functions");
            case SECRETS_UNAVAILABLE -> brownout("Secrets Manager or Parameter Store (a job secret reference)");
            case HUB_UNAVAILABLE -> HttpAnswer.problem(502, "hub-unavailable", "The Hub is unavailable",
                    "try again with the same Idempotency-Key");
        };
    }
}
