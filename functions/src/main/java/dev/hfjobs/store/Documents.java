package dev.hfjobs.store;

import dev.hfjobs.Deadline;
import java.util.Optional;

/**
 * Named JSON documents, such as the latest hardware catalog. Every method finishes by
 * {@code deadline} and throws {@link StoreUnavailableException} when the store cannot answer in
 * time or at all (transient).
 */
public interface Documents {

    /** The document of that name, read strongly consistently. */
    Optional<Document> find(String name, Deadline deadline);

    /** Stores (or replaces) a document. */
    void put(Document document, Deadline deadline);
}
