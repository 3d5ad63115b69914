package dev.hfjobs.poller;

import dev.hfjobs.testing.PrimingCheck;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusPollerFunctionPrimingTest {
    @Test
    void primingSendsNothingToTheHubOrAwsAndReadsNoToken() {
        PrimingCheck.assertPrimingSendsNothing(wiring -> new StatusPollerFunction(wiring, Map.of())::prime);
    }
}
