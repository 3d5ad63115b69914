package dev.hfjobs.emulator;

import static dev.hfjobs.emulator.HubClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class HardwareTest extends EmulatorTest {

    /** huggingface_hub 2.0's JobHardware enum, in its order. */
    private static final List<String> REFERENCE_FLAVORS = List.of("cpu-basic", "cpu-upgrade", "cpu-performance",
            "cpu-xl", "t4-small", "t4-medium", "l4x1", "l4x4", "l40sx1", "l40sx4", "l40sx8", "a10g-small",
            "a10g-large", "a10g-largex2", "a10g-largex4", "a100-large", "a100x4", "a100x8", "h200", "h200x2",
            "h200x4", "h200x8", "rtx-pro-6000", "rtx-pro-6000x2", "rtx-pro-6000x4", "rtx-pro-6000x8");


    @Test
    void catalogHasTheReferenceFlavorsAtHubPrices() throws IOException {
        JsonNode catalog = json(alice.get("/api/jobs/hardware"));

        assertThat(StreamSupport.stream(catalog.spliterator(), false).map(flavor -> flavor.path("name").asText()))
                .containsExactlyElementsOf(REFERENCE_FLAVORS);
        Map<String, Long> micros = Map.of("cpu-basic", 167L, "cpu-upgrade", 500L, "t4-small", 6667L,
                "a10g-small", 16667L, "a10g-large", 25000L, "a100-large", 41667L, "h200", 83333L);
        catalog.forEach(flavor -> {
            String name = flavor.path("name").asText();
            if (micros.containsKey(name)) {
                assertThat(flavor.path("unitCostMicroUSD").asLong()).as(name).isEqualTo(micros.get(name));
            }
            assertThat(flavor.path("unitCostUSD").decimalValue())
                    .isEqualByComparingTo(flavor.path("unitCostMicroUSD").decimalValue().movePointLeft(6));
            assertThat(flavor.path("unitLabel").asText()).isEqualTo("minute");
            assertThat(flavor.path("ephemeralStorage").asText()).endsWith(" GB");
        });
    }

    @Test
    void cpuFlavorsHaveNoAcceleratorAndGpuFlavorsDescribeTheirs() throws IOException {
        String body = alice.get("/api/jobs/hardware").body();
        JsonNode catalog = HubClient.MAPPER.readTree(body);

        assertThat(body).startsWith("[{\"name\":\"cpu-basic\",\"prettyName\":\"CPU Basic\","
                + "\"cpu\":\"2 vCPU\",\"ram\":\"16 GB\",\"ephemeralStorage\":\"50 GB\",\"accelerator\":null,"
                + "\"unitCostMicroUSD\":167,\"unitCostUSD\":0.000167,\"unitLabel\":\"minute\"}");
        JsonNode a10g = catalog.get(REFERENCE_FLAVORS.indexOf("a10g-largex2")).path("accelerator");
        assertThat(a10g.toString()).isEqualTo("{\"type\":\"gpu\",\"model\":\"A10G\",\"quantity\":\"2\","
                + "\"vram\":\"48 GB\",\"manufacturer\":\"Nvidia\"}");
    }

    @Test
    void catalogNeedsNoTokenButRejectsAnUnknownOne() throws IOException {
        assertThat(alice.withToken(null).get("/api/jobs/hardware").statusCode()).isEqualTo(200);
        ErrorsTest.assertError(alice.withToken("hf_wrong").get("/api/jobs/hardware"), 401);
    }

    @Test
    void replacedCatalogChangesPricesAndWhatJobsMayAskFor() throws IOException {
        List<Hardware> catalog = new ArrayList<>();
        for (Hardware flavor : Hardware.defaultCatalog()) {
            if (flavor.name().equals("cpu-basic")) {
                catalog.add(flavor.withUnitCostMicroUSD(200));
            } else if (!flavor.name().equals("a10g-small")) {
                catalog.add(flavor);
            }
        }

        emulator.hardware(catalog);

        JsonNode served = json(alice.get("/api/jobs/hardware"));
        assertThat(served.size()).isEqualTo(25);
        assertThat(served.get(0).path("unitCostMicroUSD").asLong()).isEqualTo(200);
        assertThat(alice.post("/api/jobs/alice", HubClient.spec().put("flavor", "a10g-small")).statusCode())
                .isEqualTo(400);
    }

    @Test
    void priceInDollarsIsExact() {
        Hardware a100 = Hardware.defaultCatalog().stream().filter(h -> h.name().equals("a100-large")).findFirst()
                .orElseThrow();

        assertThat(a100.unitCostUSD()).isEqualByComparingTo("0.041667");
        assertThat(a100.accelerator()).hasValueSatisfying(gpu -> assertThat(gpu.vram()).isEqualTo("80 GB"));
    }
}
