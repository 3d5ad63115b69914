package dev.hfjobs.emulator;

import java.util.List;

/**
 * The outcome of checking a request body: the value read from it, or every problem found.
 *
 * @param <T> what a valid body yields
 */
sealed interface Validated<T> {

    record Valid<T>(T value) implements Validated<T> {
    }

    record Invalid<T>(List<String> problems) implements Validated<T> {

        public Invalid {
            problems = List.copyOf(problems);
        }

        /** @return the problems as one line, for the error body and X-Error-Message */
        String message() {
            return String.join("; ", problems);
        }
    }

    /** @return the value; a 400 {@link Rejection} carrying every problem when invalid */
    default T orElseReject() {
        return switch (this) {
            case Valid<T>(T value) -> value;
            case Invalid<T> invalid -> throw Rejection.badRequest(invalid.message());
        };
    }

    /** @return the problems found, empty when valid */
    default List<String> problems() {
        return switch (this) {
            case Valid<T> valid -> List.of();
            case Invalid<T>(List<String> found) -> found;
        };
    }

    static <T> Validated<T> of(T value, List<String> problems) {
        return problems.isEmpty() ? new Valid<>(value) : new Invalid<>(problems);
    }

    static <T> Validated<T> invalid(String problem) {
        return new Invalid<>(List.of(problem));
    }
}
