package dev.hfjobs.aws;

import dev.hfjobs.Deadline;
import dev.hfjobs.Log;
import dev.hfjobs.Metrics;
import dev.hfjobs.ports.TaskCallbacks;
import dev.hfjobs.store.TaskTokens;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InvalidOutputException;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * {@link TaskCallbacks} on AWS Step Functions. {@code TaskTimedOut}, {@code TaskDoesNotExist} and
 * {@code InvalidToken} end a task's callbacks (logged with the token's fingerprint, never the
 * token); throttling, 5xx and network trouble are retried by the caller later.
 */
public final class SfnTaskCallbacks implements TaskCallbacks {
    /** Step Functions' limits: a cause of at most 32,768 characters, an error of at most 256. */
    static final int MAX_CAUSE = 32_768;
    static final int MAX_ERROR = 256;

    private final Supplier<SfnClient> clients;

    /** @param clients the client, built when first needed (it costs cold start) */
    public SfnTaskCallbacks(Supplier<SfnClient> clients) {
        this.clients = clients;
    }

    @Override
    public Result heartbeat(String token, Deadline deadline) {
        return counted("heartbeat", "SendTaskHeartbeat", token, deadline, limits -> clients.get().sendTaskHeartbeat(b -> b.taskToken(token)
                .overrideConfiguration(limits)));
    }

    @Override
    public Result succeed(String token, String output, Deadline deadline) {
        return counted("success", "SendTaskSuccess", token, deadline, limits -> clients.get().sendTaskSuccess(b -> b.taskToken(token)
                .output(output).overrideConfiguration(limits)));
    }

    @Override
    public Result fail(String token, String error, String cause, Deadline deadline) {
        return counted("failure", "SendTaskFailure", token, deadline, limits -> clients.get().sendTaskFailure(b -> b.taskToken(token)
                .error(cut(error, MAX_ERROR)).cause(cut(cause, MAX_CAUSE)).overrideConfiguration(limits)));
    }

    /** The call, counted in {@code TaskCallbacks} by call and outcome. */
    private Result counted(String kind, String operation, String token, Deadline deadline,
            Function<AwsRequestOverrideConfiguration, ?> send) {
        Result result = call(operation, token, deadline, send);
        Metrics.count(Metrics.Metric.TASK_CALLBACKS, kind, outcome(result));
        return result;
    }

    static String outcome(Result result) {
        return switch (result) {
            case Result.Delivered delivered -> "delivered";
            case Result.Ended ended -> "ended";
            case Result.Refused refused -> "refused";
            case Result.Retry retry -> "retry";
        };
    }

    private Result call(String operation, String token, Deadline deadline,
            Function<AwsRequestOverrideConfiguration, ?> send) {
        Optional<AwsRequestOverrideConfiguration> limits = AwsCalls.limits(deadline);
        if (limits.isEmpty()) {
            return new Result.Retry("no time left for " + operation);
        }
        try {
            send.apply(limits.get());
            return new Result.Delivered();
        } catch (TaskTimedOutException | TaskDoesNotExistException e) {
            String reason = operation + ": " + e.getClass().getSimpleName().replace("Exception", "");
            Log.warn("the task waiting for a job is over; no more callbacks for it", Map.of("operation", operation,
                    "task", TaskTokens.fingerprint(token), "reason", reason));
            return new Result.Ended(reason);
        } catch (InvalidTokenException e) {
            String reason = operation + ": InvalidToken";
            Log.warn("Step Functions refused a task token", Map.of("operation", operation,
                    "task", TaskTokens.fingerprint(token), "reason", reason));
            return new Result.Refused(reason);
        } catch (InvalidOutputException e) {
            // Our output is not what Step Functions takes: repeating it cannot help.
            Log.error("Step Functions refused a task's output", Map.of("task", TaskTokens.fingerprint(token)));
            return new Result.Ended(operation + ": InvalidOutput");
        } catch (SdkClientException e) {
            return new Result.Retry(operation + ": " + e.getClass().getSimpleName());
        } catch (SfnException e) {
            return mayPass(e) ? new Result.Retry(operation + ": " + e.getClass().getSimpleName())
                    : ended(operation, token, e);
        } catch (SdkException e) {
            return new Result.Retry(operation + ": " + e.getClass().getSimpleName());
        }
    }

    private static boolean mayPass(SfnException e) {
        return e.isThrottlingException() || e.statusCode() >= 500;
    }

    private static Result ended(String operation, String token, SfnException e) {
        String reason = operation + ": " + e.getClass().getSimpleName();
        Log.warn("Step Functions refused a callback; no more callbacks for this task", Map.of("task",
                TaskTokens.fingerprint(token), "reason", reason, "status", e.statusCode()));
        return new Result.Ended(reason);
    }

    static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
