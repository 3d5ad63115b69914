package dev.hfjobs.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.hfjobs.model.Accelerator;
import dev.hfjobs.model.Hardware;
import dev.hfjobs.model.Wire;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The catalog function's answer and its event's {@code changes} are the records as the data-binding
 * mapper writes them, built without the mapper.
 */
class CatalogJsonTest {
    private static final Hardware CPU = new Hardware("cpu-basic", "CPU Basic", "2 vCPU", "16 GB", null, null, 167,
            new BigDecimal("0.000167"), "minute");
    private static final Hardware GPU = new Hardware("a10g-small", "Nvidia A10G - small", "4 vCPU", "15 GB", "110 GB",
            new Accelerator("gpu", "A10G", "1", "24 GB", "Nvidia"), 16667, new BigDecimal("0.016667"), "minute");

    @Test
    void everyOutcomeIsWrittenAsTheMapperWritesTheRecord() throws JsonProcessingException {
        Hardware cheaper = new Hardware("a10g-small", "Nvidia A10G - small", "4 vCPU", "15 GB", "110 GB",
                GPU.accelerator(), 15000, new BigDecimal("0.015"), "minute");
        CatalogChanges changes = CatalogChanges.between(
                Map.of("a10g-small", GPU, "gone", new Hardware("gone", "Gone", "1", "1", null, null, 1, null, "hour"),
                        "cpu-basic", CPU),
                Map.of("a10g-small", cheaper, "cpu-upgrade", CPU, "cpu-basic",
                        new Hardware("cpu-basic", "CPU Basic", "4 vCPU", "16 GB", null, null, 167,
                                new BigDecimal("0.000167"), "minute")));
        assertThat(changes.added()).isNotEmpty();
        assertThat(changes.removed()).isNotEmpty();
        assertThat(changes.priceChanges()).isNotEmpty();
        assertThat(changes.otherChanges()).isNotEmpty();

        for (CatalogPublisher.Outcome outcome : List.of(new CatalogPublisher.Outcome.Unchanged(3),
                new CatalogPublisher.Outcome.Published(changes, 3),
                new CatalogPublisher.Outcome.Published(CatalogChanges.between(Map.of(), Map.of()), 0),
                new CatalogPublisher.Outcome.Failed("the Hub answered 503"))) {
            assertThat(Wire.write(outcome.json())).isEqualTo(Wire.mapper().writeValueAsString(outcome));
        }
        assertThat(Wire.write(changes.json())).isEqualTo(Wire.mapper().writeValueAsString(changes));
    }
}
