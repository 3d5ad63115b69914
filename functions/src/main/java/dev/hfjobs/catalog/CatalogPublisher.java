package dev.hfjobs.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.Deadline;
import dev.hfjobs.hardware.Catalog;
import dev.hfjobs.hardware.CatalogSource;
import dev.hfjobs.hub.HfJobsClient;
import dev.hfjobs.hub.HubResult;
import dev.hfjobs.model.Hardware;
import dev.hfjobs.model.Wire;
import dev.hfjobs.ports.EventPublisher.HfEvent;
import dev.hfjobs.ports.EventPublisher;
import dev.hfjobs.store.Documents;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the Hub's catalog, and when it differs from the stored one (or none is stored) publishes
 * {@code HF Jobs Hardware Catalog} and then stores it. Stored only after the event went out, so a
 * failed publish is repeated by the next run.
 */
public final class CatalogPublisher {
    public static final String DETAIL_TYPE = "HF Jobs Hardware Catalog";

    private final HfJobsClient hub;
    private final Documents documents;
    private final EventPublisher events;
    private final CatalogSource source;
    private final Clock clock;

    /** What a run did. */
    public sealed interface Outcome {
        record Unchanged(int flavors) implements Outcome {}

        record Published(CatalogChanges changes, int flavors) implements Outcome {}

        record Failed(String reason) implements Outcome {}

        /** The run's answer and log field, as the mapper would write the record, without the mapper. */
        default ObjectNode json() {
            return switch (this) {
                case Unchanged unchanged -> Wire.object().put("flavors", unchanged.flavors());
                case Published published -> {
                    ObjectNode node = Wire.object();
                    node.set("changes", published.changes().json());
                    yield node.put("flavors", published.flavors());
                }
                case Failed failed -> Wire.object().put("reason", failed.reason());
            };
        }
    }

    public CatalogPublisher(HfJobsClient hub, Documents documents, EventPublisher events, Clock clock) {
        this.hub = hub;
        this.documents = documents;
        this.events = events;
        this.source = new CatalogSource(documents, hub, clock);
        this.clock = clock;
    }

    public Outcome run(Deadline deadline) {
        return switch (hub.hardware(deadline)) {
            case HubResult.Failed<List<Hardware>> failed -> new Outcome.Failed(failed.error().describe());
            case HubResult.Ok<List<Hardware>> ok -> compare(new Catalog(ok.value(), clock.instant()), deadline);
        };
    }

    private Outcome compare(Catalog current, Deadline deadline) {
        Optional<Catalog> previous = source.stored(deadline);
        CatalogChanges changes = CatalogChanges.between(previous.map(Catalog::byName).orElse(Map.of()),
                current.byName());
        if (previous.isPresent() && !changes.any()) {
            return new Outcome.Unchanged(current.flavors().size());
        }
        if (!events.publish(List.of(event(current, changes, previous.isEmpty())), deadline).isEmpty()) {
            return new Outcome.Failed("the catalog event could not be published; the next run tries again");
        }
        documents.put(current.toDocument(), deadline);
        return new Outcome.Published(changes, current.flavors().size());
    }

    private static HfEvent event(Catalog catalog, CatalogChanges changes, boolean first) {
        ObjectNode detail = Wire.object();
        detail.put("fetchedAt", catalog.fetchedAt().toString());
        detail.put("firstPublication", first);
        detail.set("changes", changes.json());
        detail.set("flavors", Wire.tree(catalog.flavors()));
        String fingerprint = Integer.toHexString(Wire.write(catalog.flavors()).hashCode());
        return new HfEvent(DETAIL_TYPE, "catalog:" + fingerprint, detail);
    }
}
