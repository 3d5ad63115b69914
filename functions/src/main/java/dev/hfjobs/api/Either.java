package dev.hfjobs.api;

import java.util.function.Function;

/** A value a route needs, or the answer that ends the route early (a 400, a Hub error). */
sealed interface Either<T> {
    record Answer<T>(HttpAnswer answer) implements Either<T> {}

    record Value<T>(T value) implements Either<T> {}

    static <T> Either<T> left(HttpAnswer answer) {
        return new Answer<>(answer);
    }

    static <T> Either<T> right(T value) {
        return new Value<>(value);
    }

    /** Goes on to another value, or keeps the early answer. */
    default <R> Either<R> flatMap(Function<T, Either<R>> next) {
        return switch (this) {
            case Answer<T> answer -> new Answer<>(answer.answer());
            case Value<T> value -> next.apply(value.value());
        };
    }

    /** Goes on with the value, or answers early. */
    default HttpAnswer then(Function<T, HttpAnswer> next) {
        return switch (this) {
            case Answer<T> answer -> answer.answer();
            case Value<T> value -> next.apply(value.value());
        };
    }
}
