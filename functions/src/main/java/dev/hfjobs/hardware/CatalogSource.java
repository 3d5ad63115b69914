package dev.hfjobs.hardware;

import dev.hfjobs.Deadline;
import dev.hfjobs.hub.HfJobsClient;
import dev.hfjobs.hub.HubResult;
import dev.hfjobs.model.Hardware;
import dev.hfjobs.store.Documents;
import dev.hfjobs.store.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The catalog the API and the submit path use: the one the catalog function stored, else the
 * Hub's own, kept in memory for a few minutes so a burst of submissions reads it once.
 */
public final class CatalogSource {
    static final Duration FRESH_FOR = Duration.ofMinutes(5);

    private final Documents documents;
    private final HfJobsClient hub;
    private final Clock clock;
    private final AtomicReference<Cached> cached = new AtomicReference<>();

    private record Cached(Catalog catalog, Instant readAt) {}

    public CatalogSource(Documents documents, HfJobsClient hub, Clock clock) {
        this.documents = documents;
        this.hub = hub;
        this.clock = clock;
    }

    /** The catalog, or empty when neither the store nor the Hub could give one by {@code deadline}. */
    public Optional<Catalog> current(Deadline deadline) {
        Cached known = cached.get();
        if (known != null && known.readAt().plus(FRESH_FOR).isAfter(clock.instant())) {
            return Optional.of(known.catalog());
        }
        Optional<Catalog> fresh = stored(deadline).or(() -> fromHub(deadline));
        fresh.ifPresent(catalog -> cached.set(new Cached(catalog, clock.instant())));
        return fresh.or(() -> Optional.ofNullable(known).map(Cached::catalog));
    }

    /** The stored catalog, if there is a readable one. */
    public Optional<Catalog> stored(Deadline deadline) {
        try {
            return documents.find(Catalog.DOCUMENT, deadline).flatMap(Catalog::fromDocument);
        } catch (StoreUnavailableException e) {
            return Optional.empty();
        }
    }

    private Optional<Catalog> fromHub(Deadline deadline) {
        return switch (hub.hardware(deadline)) {
            case HubResult.Ok<List<Hardware>> ok -> Optional.of(new Catalog(ok.value(), clock.instant()));
            case HubResult.Failed<List<Hardware>> failed -> Optional.empty();
        };
    }
}
