package dev.hfjobs.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One hardware flavor of the catalog that {@code GET /api/jobs/hardware} answers.
 *
 * @param name             the flavor id jobs ask for, e.g. {@code a10g-small}
 * @param prettyName       e.g. {@code Nvidia A10G - small}
 * @param cpu              e.g. {@code 4 vCPU}
 * @param ram              e.g. {@code 15 GB}
 * @param ephemeralStorage e.g. {@code 110 GB}; empty to leave the field out, as older Hub
 *                         answers did
 * @param accelerator      the GPUs, empty for CPU flavors
 * @param unitCostMicroUSD the price of one {@code unitLabel} in millionths of a dollar
 * @param unitLabel        the billing unit, {@code minute} on the Hub
 */
public record Hardware(String name, String prettyName, String cpu, String ram, Optional<String> ephemeralStorage,
                       Optional<Accelerator> accelerator, long unitCostMicroUSD, String unitLabel) {

    private static final String CATALOG_RESOURCE = "hardware.json";

    public Hardware {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ephemeralStorage, "ephemeralStorage");
        Objects.requireNonNull(accelerator, "accelerator");
        if (unitCostMicroUSD < 0) {
            throw new EmulatorException("unitCostMicroUSD must not be negative");
        }
    }

    /**
     * The accelerator of a GPU flavor.
     *
     * @param type         e.g. {@code gpu}
     * @param model        e.g. {@code A10G}
     * @param quantity     the number of accelerators, as the Hub sends it: a string, e.g. {@code "1"}
     * @param vram         the total accelerator memory, e.g. {@code 24 GB}
     * @param manufacturer e.g. {@code Nvidia}
     */
    public record Accelerator(String type, String model, String quantity, String vram, String manufacturer) {
    }

    /** @return the price of one unit in dollars, exactly {@code unitCostMicroUSD / 1e6} */
    public BigDecimal unitCostUSD() {
        return BigDecimal.valueOf(unitCostMicroUSD).movePointLeft(6);
    }

    /** @return the same flavor at another price, for catalog-change tests */
    public Hardware withUnitCostMicroUSD(long micros) {
        return new Hardware(name, prettyName, cpu, ram, ephemeralStorage, accelerator, micros, unitLabel);
    }

    /**
     * The 26 flavors huggingface_hub 2.0 knows ({@code JobHardware}), with the specifications and
     * hourly prices of the Hub's public Jobs pricing page turned into per-minute micro-dollars.
     *
     * @return the default catalog, in the Hub's order
     */
    public static List<Hardware> defaultCatalog() {
        try (InputStream in = Hardware.class.getResourceAsStream(CATALOG_RESOURCE)) {
            if (in == null) {
                throw new EmulatorException("missing resource " + CATALOG_RESOURCE);
            }
            return listFromJson(Json.MAPPER.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a catalog in the Hub's wire form (a JSON array). */
    static List<Hardware> listFromJson(JsonNode array) {
        if (!array.isArray()) {
            throw new EmulatorException("a hardware catalog is a JSON array");
        }
        List<Hardware> catalog = new ArrayList<>();
        array.forEach(node -> catalog.add(fromJson(node)));
        return List.copyOf(catalog);
    }

    private static Hardware fromJson(JsonNode node) {
        if (!node.path("name").isTextual() || !node.path("unitCostMicroUSD").canConvertToLong()) {
            throw new EmulatorException("a hardware entry needs a name and an integer unitCostMicroUSD");
        }
        JsonNode accelerator = node.path("accelerator");
        return new Hardware(node.path("name").asText(), node.path("prettyName").asText(node.path("name").asText()),
                node.path("cpu").asText(""), node.path("ram").asText(""), optionalText(node.path("ephemeralStorage")),
                accelerator.isObject() ? Optional.of(acceleratorFromJson(accelerator)) : Optional.empty(),
                node.path("unitCostMicroUSD").asLong(), node.path("unitLabel").asText("minute"));
    }

    private static Accelerator acceleratorFromJson(JsonNode node) {
        return new Accelerator(node.path("type").asText("gpu"), node.path("model").asText(""),
                node.path("quantity").asText("1"), node.path("vram").asText(""), node.path("manufacturer").asText(""));
    }

    private static Optional<String> optionalText(JsonNode node) {
        return node.isTextual() ? Optional.of(node.asText()) : Optional.empty();
    }
}
