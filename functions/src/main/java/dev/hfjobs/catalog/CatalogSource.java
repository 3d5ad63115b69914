package dev.hfjobs.catalog;

import dev.hfjobs.hub.Deadline;
import dev.hfjobs.hub.HfJobsClient;
import dev.hfjobs.hub.HubResult;
import dev.hfjobs.model.Hardware;
import dev.hfjobs.model.ModelException;
import dev.hfjobs.model.Wire;
import dev.hfjobs.store.Document;
import dev.hfjobs.store.JobStore;
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

    private final JobStore store;
    private final HfJobsClient hub;
    private final Clock clock;
    private final AtomicReference<Cached> cached = new AtomicReference<>();

    private record Cached(Catalog catalog, Instant readAt) {}

    public CatalogSource(JobStore store, HfJobsClient hub, Clock clock) {
        this.store = store;
        this.hub = hub;
        this.clock = clock;
    }

    /** The catalog, or empty when neither the store nor the Hub could give one. */
    public Optional<Catalog> current(Deadline deadline) {
        Cached known = cached.get();
        if (known != null && known.readAt().plus(FRESH_FOR).isAfter(clock.instant())) {
            return Optional.of(known.catalog());
        }
        Optional<Catalog> fresh = stored().or(() -> fromHub(deadline));
        fresh.ifPresent(catalog -> cached.set(new Cached(catalog, clock.instant())));
        return fresh.or(() -> Optional.ofNullable(known).map(Cached::catalog));
    }

    /** The stored catalog, if there is a readable one. */
    public Optional<Catalog> stored() {
        try {
            return store.document(Catalog.DOCUMENT).flatMap(CatalogSource::parse);
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

    static Optional<Catalog> parse(Document document) {
        try {
            return Optional.of(new Catalog(List.of(Wire.read(Wire.parse(document.json()), Hardware[].class)),
                    document.updatedAt()));
        } catch (ModelException e) {
            return Optional.empty();
        }
    }

    static Document document(Catalog catalog) {
        return new Document(Catalog.DOCUMENT, Wire.write(catalog.flavors()), catalog.fetchedAt());
    }
}
