package dev.hfjobs.submit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.model.Wire;

/**
 * What a Step Functions task waiting for a request is told when the request can never become a
 * job: the error {@link #SUBMISSION_FAILED} and a cause listing why, as JSON.
 */
public final class TaskOutcomes {
    /** The error of a task whose request was set aside. */
    public static final String SUBMISSION_FAILED = "HFJob.SubmissionFailed";
    /** Step Functions takes a cause of at most this many characters. */
    public static final int MAX_CAUSE = 32_768;
    private static final int MAX_PROBLEMS = 100;

    private TaskOutcomes() {}

    /** {@code {"reason", "message", "problems": [{"field", "rule"}], "hubStatus"?}}, within {@link #MAX_CAUSE}. */
    static String submissionFailed(SubmitOutcome.Rejected rejected) {
        ObjectNode cause = Wire.object();
        cause.put("reason", rejected.reason().code());
        cause.put("message", rejected.message());
        rejected.hubRefusal().ifPresent(http -> cause.put("hubStatus", http.status()));
        ArrayNode problems = cause.putArray("problems");
        rejected.problems().stream().limit(MAX_PROBLEMS)
                .forEach(p -> problems.addObject().put("field", p.field()).put("rule", p.rule()));
        String text = Wire.write(cause);
        return text.length() <= MAX_CAUSE ? text : Wire.write(cause.put("problems", rejected.problems().size()
                + " problems; see the HF Job Submission Failed event"));
    }
}
