package dev.hfjobs.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A named JSON document kept in the store, such as the latest hardware catalog.
 *
 * @param name the document's name
 * @param json its JSON text
 * @param updatedAt when it was last written
 */
public record Document(String name, String json, Instant updatedAt) {
    public Document {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
