package dev.hfjobs.catalog;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.model.Hardware;
import dev.hfjobs.model.Wire;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What changed between two catalogs.
 *
 * @param added flavors that are new
 * @param removed names of flavors that are gone
 * @param priceChanges flavors whose unit price changed
 * @param otherChanges names of flavors changed otherwise (specs, labels)
 */
public record CatalogChanges(List<Hardware> added, List<String> removed, List<PriceChange> priceChanges,
        List<String> otherChanges) {

    /**
     * A price change of one flavor, in micro-USD per unit.
     *
     * @param name the flavor
     * @param previousMicroUsd the old unit price
     * @param currentMicroUsd the new unit price
     */
    public record PriceChange(String name, long previousMicroUsd, long currentMicroUsd) {}

    /** Compares a previous catalog (or none) with the current one. */
    public static CatalogChanges between(Map<String, Hardware> previous, Map<String, Hardware> current) {
        List<Hardware> added = new ArrayList<>();
        List<PriceChange> prices = new ArrayList<>();
        List<String> other = new ArrayList<>();
        current.forEach((name, now) -> {
            Hardware before = previous.get(name);
            if (before == null) {
                added.add(now);
            } else if (before.unitCostMicroUSD() != now.unitCostMicroUSD()) {
                prices.add(new PriceChange(name, before.unitCostMicroUSD(), now.unitCostMicroUSD()));
            } else if (!Objects.equals(withoutPrice(before), withoutPrice(now))) {
                other.add(name);
            }
        });
        List<String> removed = previous.keySet().stream().filter(name -> !current.containsKey(name)).toList();
        return new CatalogChanges(added, removed, prices, other);
    }

    /** Whether anything changed. */
    /**
     * The changes as the catalog event shows them: each component under its name, in order, as the
     * mapper would write the record, without building the mapper on a cold start.
     */
    public ObjectNode json() {
        ObjectNode node = Wire.object();
        node.set("added", Wire.tree(added));
        node.set("removed", Wire.tree(removed));
        ArrayNode prices = node.putArray("priceChanges");
        priceChanges.forEach(change -> prices.addObject().put("name", change.name())
                .put("previousMicroUsd", change.previousMicroUsd()).put("currentMicroUsd", change.currentMicroUsd()));
        node.set("otherChanges", Wire.tree(otherChanges));
        return node;
    }

    public boolean any() {
        return !added.isEmpty() || !removed.isEmpty() || !priceChanges.isEmpty() || !otherChanges.isEmpty();
    }

    private static Hardware withoutPrice(Hardware h) {
        return new Hardware(h.name(), h.prettyName(), h.cpu(), h.ram(), h.ephemeralStorage(), h.accelerator(), 0,
                null, h.unitLabel());
    }
}
