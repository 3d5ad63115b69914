package dev.hfjobs.api;

import dev.hfjobs.testing.PrimingCheck;
import org.junit.jupiter.api.Test;

class ApiFunctionPrimingTest {
    @Test
    void primingSendsNothingToTheHubOrAwsAndReadsNoToken() {
        PrimingCheck.assertPrimingSendsNothing(wiring -> new ApiFunction(wiring)::prime);
    }
}
