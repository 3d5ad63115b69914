package dev.hfjobs.model;

import java.util.List;
import java.util.function.Function;

/**
 * The outcome of validating an input: the value, or every problem found (never just the first).
 *
 * @param <T> the validated value's type
 */
public sealed interface Validated<T> {
    /** The input is valid. */
    record Valid<T>(T value) implements Validated<T> {}

    /** The input is not valid; {@code problems} is never empty. */
    record Invalid<T>(List<Problem> problems) implements Validated<T> {
        public Invalid {
            problems = List.copyOf(problems);
            if (problems.isEmpty()) {
                throw new ModelException("an invalid result needs at least one problem");
            }
        }
    }

    /** The value when there are no problems, else the problems. */
    static <T> Validated<T> of(T value, List<Problem> problems) {
        return problems.isEmpty() ? new Valid<>(value) : new Invalid<>(problems);
    }

    /** Transforms a valid value; problems pass through. */
    default <R> Validated<R> map(Function<? super T, ? extends R> mapper) {
        return switch (this) {
            case Valid<T> valid -> new Valid<>(mapper.apply(valid.value()));
            case Invalid<T> invalid -> new Invalid<>(invalid.problems());
        };
    }

    /** The value, or a {@link ModelException} listing the problems. */
    default T orThrow() {
        return switch (this) {
            case Valid<T> valid -> valid.value();
            case Invalid<T> invalid -> throw new ModelException("invalid input: " + invalid.problems());
        };
    }
}
