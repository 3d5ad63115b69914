package dev.hfjobs.poller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.Deadline;
import dev.hfjobs.Log;
import dev.hfjobs.model.JobStage;
import dev.hfjobs.model.ModelException;
import dev.hfjobs.model.Wire;
import dev.hfjobs.ports.TaskCallbacks;
import dev.hfjobs.store.JobRecord;
import dev.hfjobs.store.TaskLink;
import dev.hfjobs.submit.TaskOutcomes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The callbacks of the Step Functions tasks that wait for jobs: a heartbeat each run while the job
 * lives, then, once it has ended, success with the job ({@code COMPLETED}) or failure with
 * {@code HFJob.<STAGE>} and a cause holding the Hub's message and the last log lines. A final
 * callback Step Functions could not take now is kept ({@link TaskLink#pending()}) and sent again on
 * the next run; one whose task is over ends the task's callbacks.
 */
final class TaskFollowUps {
    /** The fields of a completed job's output, as its state change event has them. */
    static final List<String> OUTPUT_FIELDS = List.of("jobId", "namespace", "url", "stage", "labels", "createdAt",
            "startedAt", "finishedAt", "durations", "estimatedCostUSD");
    private static final Set<String> CAUSE_FIELDS = Set.of("jobId", "namespace", "url", "stage", "message");

    private final TaskCallbacks callbacks;

    TaskFollowUps(TaskCallbacks callbacks) {
        this.callbacks = callbacks;
    }

    /** A final callback, as it is sent and as it is kept until it is. */
    sealed interface Callback {
        record Success(String output) implements Callback {}

        record Failure(String error, String cause) implements Callback {}
    }

    /** The final callback of a job that ended, from its state change event and its last log lines. */
    static Callback callback(ObjectNode stateChange, List<String> tail) {
        String stage = stateChange.path("stage").asText();
        if (JobStage.COMPLETED.value().equals(stage)) {
            ObjectNode output = Wire.object();
            OUTPUT_FIELDS.forEach(field -> output.set(field, stateChange.get(field)));
            return new Callback.Success(Wire.write(output));
        }
        return new Callback.Failure("HFJob." + stage, cause(stateChange, tail));
    }

    /**
     * The final callback of a job that ended without one being decided (a record an older version
     * wrote): what the record knows. The output or cause lacks what only the state change had.
     */
    static Callback fromRecord(JobRecord record) {
        ObjectNode known = Wire.object();
        known.put("jobId", record.jobId());
        known.put("namespace", record.namespace());
        known.put("url", record.url());
        known.put("stage", record.stage());
        known.put("message", record.stageMessage());
        known.set("labels", Wire.tree(record.labels()));
        return callback(known, List.of());
    }

    /** The Hub's message and as many of the last lines as fit Step Functions' 32,768 characters. */
    static String cause(ObjectNode stateChange, List<String> tail) {
        List<String> lines = new ArrayList<>(tail);
        while (true) {
            ObjectNode cause = Wire.object();
            CAUSE_FIELDS.forEach(field -> cause.set(field, stateChange.get(field)));
            ArrayNode logs = cause.putArray("logsTail");
            lines.forEach(logs::add);
            String text = Wire.write(cause);
            if (text.length() <= TaskOutcomes.MAX_CAUSE || lines.isEmpty()) {
                return text;
            }
            lines.removeFirst();
        }
    }

    /** Sends the final callback of job {@code jobId}; the task as it stands after it. */
    TaskLink finish(String jobId, TaskLink task, Callback callback, Deadline deadline) {
        TaskCallbacks.Result result = switch (callback) {
            case Callback.Success success -> callbacks.succeed(task.token(), success.output(), deadline);
            case Callback.Failure failure -> callbacks.fail(task.token(), failure.error(), failure.cause(), deadline);
        };
        return switch (result) {
            case TaskCallbacks.Result.Delivered delivered -> task.finished();
            case TaskCallbacks.Result.Ended ended -> over(jobId, task, ended.reason());
            case TaskCallbacks.Result.Refused refused -> over(jobId, task, refused.reason());
            case TaskCallbacks.Result.Retry retry -> {
                Log.warn("a task's final callback waits for the next poller run", Map.of("jobId", jobId,
                        "reason", retry.reason()));
                yield task.withPending(kept(callback));
            }
        };
    }

    /** Sends again a final callback an earlier run could not; the task as it stands after it. */
    TaskLink retry(String jobId, TaskLink task, Deadline deadline) {
        return finish(jobId, task, restored(task.pending()), deadline);
    }

    /**
     * A heartbeat for a live job's task; the task as it stands after it: finished when Step
     * Functions says it is over, quiet (no more heartbeats, the final callback still owed) when it
     * refuses the token for heartbeats.
     */
    TaskLink heartbeat(String jobId, TaskLink task, Deadline deadline) {
        return switch (callbacks.heartbeat(task.token(), deadline)) {
            case TaskCallbacks.Result.Ended ended -> over(jobId, task, ended.reason());
            case TaskCallbacks.Result.Refused refused -> {
                Log.info("heartbeats refused for a task; its final callback is still sent", Map.of("jobId", jobId,
                        "reason", refused.reason()));
                yield task.quiet();
            }
            case TaskCallbacks.Result.Delivered delivered -> task;
            case TaskCallbacks.Result.Retry retry -> task;
        };
    }

    private static TaskLink over(String jobId, TaskLink task, String reason) {
        Log.info("the task waiting for a job is over; it gets no more callbacks", Map.of("jobId", jobId,
                "reason", reason));
        return task.finished();
    }

    private static String kept(Callback callback) {
        ObjectNode json = Wire.object();
        switch (callback) {
            case Callback.Success success -> json.put("output", success.output());
            case Callback.Failure failure -> json.put("error", failure.error()).put("cause", failure.cause());
        }
        return Wire.write(json);
    }

    private static Callback restored(String kept) {
        try {
            JsonNode json = Wire.parse(kept);
            return json.has("output") ? new Callback.Success(json.path("output").asText())
                    : new Callback.Failure(json.path("error").asText(), json.path("cause").asText());
        } catch (ModelException e) {
            return new Callback.Failure("HFJob.Unknown", "the job's outcome could not be read back");
        }
    }
}
