package dev.hfjobs.catalog;

import dev.hfjobs.testing.PrimingCheck;
import org.junit.jupiter.api.Test;

class HardwareCatalogFunctionPrimingTest {
    @Test
    void primingSendsNothingToTheHubOrAwsAndReadsNoToken() {
        PrimingCheck.assertPrimingSendsNothing(wiring -> new HardwareCatalogFunction(wiring)::prime);
    }
}
