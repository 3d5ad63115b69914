package dev.hfjobs.secrets;

import dev.hfjobs.Deadline;
import dev.hfjobs.model.Problem;
import dev.hfjobs.model.SubmitRequest;
import dev.hfjobs.model.Validated;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a request's secret references into values, just before the job is created. The values live
 * only in the body posted to the Hub: records, events, answers and logs keep the references.
 */
public final class JobSecrets {
    private final SecretRules rules;
    private final SecretValues values;

    public JobSecrets(SecretRules rules, SecretValues values) {
        this.rules = rules;
        this.values = values;
    }

    /** What became of a request's references. */
    public sealed interface Resolution {
        /** Every reference read: variable name to value, in request order (empty when none). */
        record Resolved(Map<String, String> values) implements Resolution {
            @Override
            public String toString() {
                return "Resolved" + values.keySet();
            }
        }

        /** Some reference can never be read as it is: one problem per variable (name and reference). */
        record Refused(List<Problem> problems) implements Resolution {}

        /** A read failed in a way that may pass; nothing was sent. */
        record Unavailable(String detail) implements Resolution {}
    }

    /** The problems of references that may not be used here (shape, prefix, account, region); no AWS call. */
    public List<Problem> check(SubmitRequest request) {
        List<Problem> problems = new ArrayList<>();
        request.secretReferences().forEach((variable, text) -> {
            if (rules.check(variable, text) instanceof Validated.Invalid<SecretReference> invalid) {
                problems.addAll(invalid.problems());
            }
        });
        return problems;
    }

    /** Reads every reference of the request; refusals are all reported, the first transient failure ends it. */
    public Resolution resolve(SubmitRequest request, Deadline deadline) {
        Map<String, String> found = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>(check(request));
        if (!problems.isEmpty()) {
            return new Resolution.Refused(problems);
        }
        for (Map.Entry<String, String> entry : request.secretReferences().entrySet()) {
            SecretReference reference = rules.check(entry.getKey(), entry.getValue()).orThrow();
            switch (values.read(reference, deadline)) {
                case SecretValues.Lookup.Found value -> found.put(entry.getKey(), value.value());
                case SecretValues.Lookup.Refused refused -> problems.add(new Problem("secrets." + entry.getKey(),
                        "reference " + entry.getValue() + " " + refused.why()));
                case SecretValues.Lookup.Unavailable unavailable -> {
                    return new Resolution.Unavailable("secret reference for " + entry.getKey() + " ("
                            + entry.getValue() + ") " + unavailable.why());
                }
            }
        }
        return problems.isEmpty() ? new Resolution.Resolved(found) : new Resolution.Refused(problems);
    }
}
