package dev.hfjobs.catalog;

import static dev.hfjobs.testing.Deadlines.soon;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hfjobs.Deadline;
import dev.hfjobs.emulator.Hardware;
import dev.hfjobs.emulator.HfJobsEmulator;
import dev.hfjobs.hardware.Catalog;
import dev.hfjobs.hardware.CatalogSource;
import dev.hfjobs.ports.EventPublisher;
import dev.hfjobs.testing.TestStack;
import dev.hfjobs.wiring.Wiring;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Catalog change detection against the emulator's catalog and a moto table and bus. */
class CatalogPublisherTest {
    TestStack stack;
    HfJobsEmulator hub;
    Wiring wiring;

    @BeforeEach
    void setUp() {
        stack = TestStack.create();
        hub = TestStack.hub();
        wiring = stack.wiring();
    }

    @AfterEach
    void tearDown() {
        hub.hardware(Hardware.defaultCatalog());
        stack.close();
    }

    CatalogPublisher.Outcome run(EventPublisher events) {
        return new CatalogPublisher(wiring.hub(), wiring.documents(), events, Clock.systemUTC())
                .run(Deadline.after(Duration.ofSeconds(20)));
    }

    CatalogPublisher.Outcome run() {
        return run(wiring.events());
    }

    @Test
    void firstRunPublishesTheWholeCatalogAndStoresIt() {
        assertThat(run()).isInstanceOfSatisfying(CatalogPublisher.Outcome.Published.class,
                p -> assertThat(p.flavors()).isEqualTo(Hardware.defaultCatalog().size()));

        JsonNode event = stack.events(1, Duration.ofSeconds(5)).getFirst();
        assertThat(event.path("detail-type").asText()).isEqualTo(CatalogPublisher.DETAIL_TYPE);
        assertThat(event.at("/detail/firstPublication").asBoolean()).isTrue();
        assertThat(event.at("/detail/flavors").size()).isEqualTo(Hardware.defaultCatalog().size());
        assertThat(new CatalogSource(wiring.documents(), wiring.hub(), Clock.systemUTC()).stored(soon())).isPresent();
    }

    @Test
    void unchangedCatalogPublishesNothing() {
        run();
        stack.events(1, Duration.ofSeconds(5));

        assertThat(run()).isInstanceOf(CatalogPublisher.Outcome.Unchanged.class);
        assertThat(stack.events(1, Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void priceChangeRemovalAndAdditionAreReported() {
        run();
        stack.events(1, Duration.ofSeconds(5));
        List<Hardware> changed = new ArrayList<>();
        for (Hardware h : Hardware.defaultCatalog()) {
            if (h.name().equals("a10g-small")) {
                changed.add(h.withUnitCostMicroUSD(h.unitCostMicroUSD() + 1000));
            } else if (!h.name().equals("t4-small")) {
                changed.add(h);
            }
        }
        hub.hardware(changed);

        assertThat(run()).isInstanceOfSatisfying(CatalogPublisher.Outcome.Published.class, p -> {
            assertThat(p.changes().removed()).containsExactly("t4-small");
            assertThat(p.changes().priceChanges()).singleElement()
                    .satisfies(c -> assertThat(c.name()).isEqualTo("a10g-small"));
        });
        JsonNode event = stack.events(1, Duration.ofSeconds(5)).getFirst();
        assertThat(event.at("/detail/changes/removed/0").asText()).isEqualTo("t4-small");
        assertThat(event.at("/detail/firstPublication").asBoolean()).isFalse();
    }

    @Test
    void failedPublishIsNotStoredSoTheNextRunPublishes() {
        EventPublisher failing = (events, deadline) -> events;

        assertThat(run(failing)).isInstanceOf(CatalogPublisher.Outcome.Failed.class);
        assertThat(new CatalogSource(wiring.documents(), wiring.hub(), Clock.systemUTC()).stored(soon())).isEmpty();
        assertThat(run()).isInstanceOf(CatalogPublisher.Outcome.Published.class);
    }

    @Test
    void hubUnavailableFailsTheRun() {
        hub.failNext("GET", "^/api/jobs/hardware$", 10, 503);

        assertThat(run()).isInstanceOf(CatalogPublisher.Outcome.Failed.class);
        hub.reset();
    }
}
