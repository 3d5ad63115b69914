package dev.hfjobs.model;

import java.util.Objects;

/**
 * One thing wrong with an input: the field (a JSON path such as {@code volumes[1].mountPath}) and
 * the rule it breaks, in words a caller can act on. Never holds the offending value of a secret.
 *
 * @param field where the problem is
 * @param rule what the value must be
 */
public record Problem(String field, String rule) {
    public Problem {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(rule, "rule");
    }

    @Override
    public String toString() {
        return field + ": " + rule;
    }
}
