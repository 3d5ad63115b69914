package dev.hfjobs.hardware;

import dev.hfjobs.model.Hardware;
import dev.hfjobs.model.ModelException;
import dev.hfjobs.model.Wire;
import dev.hfjobs.store.Document;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hardware catalog at one moment: every flavor and its price.
 *
 * @param flavors the flavors, in the Hub's order
 * @param fetchedAt when it was read from the Hub
 */
public record Catalog(List<Hardware> flavors, Instant fetchedAt) {
    /** The document name under which the latest catalog is stored. */
    public static final String DOCUMENT = "hardware-catalog";

    public Catalog {
        flavors = List.copyOf(flavors);
    }

    /** The flavor of that name. */
    public Optional<Hardware> flavor(String name) {
        return flavors.stream().filter(h -> h.name().equals(name)).findFirst();
    }

    /** The flavors by name. */
    public Map<String, Hardware> byName() {
        Map<String, Hardware> map = new LinkedHashMap<>();
        flavors.forEach(h -> map.put(h.name(), h));
        return map;
    }

    /** This catalog as the store keeps it, under {@link #DOCUMENT}. */
    public Document toDocument() {
        return new Document(DOCUMENT, Wire.write(flavors), fetchedAt);
    }

    /** The catalog a stored document holds; empty when it cannot be read. */
    public static Optional<Catalog> fromDocument(Document document) {
        try {
            return Optional.of(new Catalog(List.of(Wire.read(Wire.parse(document.json()), Hardware[].class)),
                    document.updatedAt()));
        } catch (ModelException e) {
            return Optional.empty();
        }
    }

    /** The flavor names, for messages that list the valid ones. */
    public List<String> names() {
        return flavors.stream().map(Hardware::name).toList();
    }
}
