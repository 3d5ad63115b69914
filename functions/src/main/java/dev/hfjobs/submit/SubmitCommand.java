package dev.hfjobs.submit;

import dev.hfjobs.model.SubmitRequest;
import java.util.Objects;

/**
 * A validated request to submit, with where it came from.
 *
 * @param request the validated request
 * @param source API, SQS or scheduled
 * @param caller who asked (IAM principal, queue sender), for the record and events; may be null
 * @param idempotencyKey the key that makes a repeat return the first job (the header, the SQS
 *     attribute or field, else the message id; a fresh random key when an API caller gave none)
 * @param taskToken the Step Functions task token waiting for the job, or null
 * @param steps the time each step of this submission took, so far
 */
public record SubmitCommand(SubmitRequest request, Source source, String caller, String idempotencyKey,
        String taskToken, Steps steps) {
    public SubmitCommand {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        steps = steps == null ? new Steps() : steps;
    }

    @Override
    public String toString() {
        return "SubmitCommand[source=" + source + ", caller=" + caller + ", idempotencyKey=" + idempotencyKey
                + ", task=" + (taskToken == null ? null : dev.hfjobs.store.TaskTokens.fingerprint(taskToken)) + "]";
    }
}
