package dev.hfjobs.hub;

import java.util.function.Function;

/**
 * The outcome of a call to the Hub: a value, or a typed error. HTTP errors are values, not
 * exceptions, so that every caller decides what a 429 or a lost answer means for it.
 *
 * @param <T> the value's type
 */
public sealed interface HubResult<T> {
    /** The Hub answered with success. */
    record Ok<T>(T value) implements HubResult<T> {}

    /** The call failed; {@link HubError} says how. */
    record Failed<T>(HubError error) implements HubResult<T> {}

    /** Transforms a successful value; errors pass through. */
    default <R> HubResult<R> map(Function<? super T, ? extends R> mapper) {
        return switch (this) {
            case Ok<T> ok -> new Ok<>(mapper.apply(ok.value()));
            case Failed<T> failed -> new Failed<>(failed.error());
        };
    }

    /** The value, or a {@link HubException} carrying the error. */
    default T orThrow() {
        return switch (this) {
            case Ok<T> ok -> ok.value();
            case Failed<T> failed -> throw new HubException(failed.error());
        };
    }
}
