package dev.hfjobs.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a listing.
 *
 * @param items this page's items
 * @param next the opaque cursor for the next page; empty on the last page (a page may also be
 *     followed by an empty last one)
 */
public record Page<T>(List<T> items, Optional<String> next) {
    public Page {
        items = List.copyOf(items);
        Objects.requireNonNull(next, "next");
    }
}
