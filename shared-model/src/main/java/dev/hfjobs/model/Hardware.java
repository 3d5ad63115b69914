package dev.hfjobs.model;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * A hardware flavor of the catalog ({@code GET /api/jobs/hardware}) and its price. {@link ModelJson}
 * reads and writes it by hand, as these annotations declare ({@code ModelJsonTest} holds it to them).
 *
 * @param name the flavor a job asks for, e.g. {@code a10g-small}
 * @param prettyName the human name
 * @param cpu e.g. {@code "4 vCPU"}
 * @param ram e.g. {@code "15 GB"}
 * @param ephemeralStorage disk, e.g. {@code "110 GB"}; null on older Hubs
 * @param accelerator null for CPU-only flavors
 * @param unitCostMicroUSD price of one unit in millionths of a US dollar
 * @param unitCostUSD the same price in US dollars
 * @param unitLabel the billing unit, {@code minute}
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Hardware(
        String name,
        @JsonAlias("pretty_name") String prettyName,
        String cpu,
        String ram,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonAlias("ephemeral_storage") String ephemeralStorage,
        Accelerator accelerator,
        @JsonAlias("unit_cost_micro_usd") long unitCostMicroUSD,
        @JsonAlias("unit_cost_usd") BigDecimal unitCostUSD,
        @JsonAlias("unit_label") String unitLabel) {

    public Hardware {
        Objects.requireNonNull(name, "name");
    }

    /**
     * The worst-case cost of running this flavor for the given seconds, in micro-USD: billing is per
     * started unit (minute), so partial minutes count whole.
     */
    public long costMicroUsd(long seconds) {
        long unitSeconds = "hour".equals(unitLabel) ? 3600 : "second".equals(unitLabel) ? 1 : 60;
        long units = Math.ceilDiv(Math.max(0, seconds), unitSeconds);
        return Math.multiplyExact(units, unitCostMicroUSD);
    }
}
