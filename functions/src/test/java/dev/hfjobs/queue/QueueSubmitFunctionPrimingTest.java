package dev.hfjobs.queue;

import dev.hfjobs.testing.PrimingCheck;
import org.junit.jupiter.api.Test;

class QueueSubmitFunctionPrimingTest {
    @Test
    void primingSendsNothingToTheHubOrAwsAndReadsNoToken() {
        PrimingCheck.assertPrimingSendsNothing(wiring -> new QueueSubmitFunction(wiring)::prime);
    }
}
