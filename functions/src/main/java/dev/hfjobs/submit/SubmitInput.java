package dev.hfjobs.submit;

import dev.hfjobs.model.Problem;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A submit request as a transport received it, before anything is checked.
 *
 * @param body the request body as sent (JSON with run_job's names)
 * @param idempotencyKey the key that makes a repeat return the first job, scoped by the transport
 *     (e.g. {@code api:<caller>:<header>}, {@code sqs:<attribute>}); when the one given was invalid,
 *     a stand-in under which the failure is reported
 * @param problems what the transport already found wrong (e.g. an invalid idempotency key); the
 *     body's problems are added to these
 * @param extraFields body fields the transport consumes itself, so they are not unknown fields
 * @param source API or SQS
 * @param caller who asked (IAM principal, queue sender); may be null
 */
public record SubmitInput(String body, String idempotencyKey, List<Problem> problems, Set<String> extraFields,
        Source source, String caller) {
    public SubmitInput {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        problems = List.copyOf(problems);
        extraFields = Set.copyOf(extraFields);
        Objects.requireNonNull(source, "source");
    }
}
