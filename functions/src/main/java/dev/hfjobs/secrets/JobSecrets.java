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
        return checked(request).problems();
    }

    /** Reads every reference of the request; refusals are all reported, the first transient failure ends it. */
    public Resolution resolve(SubmitRequest request, Deadline deadline) {
        Checked checked = checked(request);
        if (!checked.problems().isEmpty()) {
            return new Resolution.Refused(checked.problems());
        }
        Map<String, String> found = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (Map.Entry<String, SecretReference> entry : checked.references().entrySet()) {
            String variable = entry.getKey();
            String text = entry.getValue().text();
            switch (values.read(entry.getValue(), deadline)) {
                case SecretValues.Lookup.Found value -> found.put(variable, value.value());
                case SecretValues.Lookup.Refused refused -> problems.add(new Problem("secrets." + variable,
                        "reference " + text + " " + refused.why()));
                case SecretValues.Lookup.Unavailable unavailable -> {
                    return new Resolution.Unavailable("secret reference for " + variable + " (" + text + ") "
                            + unavailable.why());
                }
            }
        }
        return problems.isEmpty() ? new Resolution.Resolved(found) : new Resolution.Refused(problems);
    }

    /** The request's references read against the rules: the usable ones, and a problem for each other. */
    private record Checked(Map<String, SecretReference> references, List<Problem> problems) {}

    private Checked checked(SubmitRequest request) {
        Map<String, SecretReference> references = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        request.secretReferences().forEach((variable, text) -> {
            switch (rules.check(variable, text)) {
                case Validated.Valid<SecretReference> valid -> references.put(variable, valid.value());
                case Validated.Invalid<SecretReference> invalid -> problems.addAll(invalid.problems());
            }
        });
        return new Checked(references, problems);
    }
}
