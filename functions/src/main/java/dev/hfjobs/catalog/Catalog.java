package dev.hfjobs.catalog;

import dev.hfjobs.model.Hardware;
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

    /** The flavor names, for messages that list the valid ones. */
    public List<String> names() {
        return flavors.stream().map(Hardware::name).toList();
    }
}
