package dev.hfjobs.emulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh emulator per test, and a client for alice; subclasses may configure the builder. */
abstract class EmulatorTest {
    protected HfJobsEmulator emulator;
    protected HubClient alice;

    /** The builder's settings for this class's tests (e.g. a test clock). */
    HfJobsEmulator.Builder configure(HfJobsEmulator.Builder builder) {
        return builder;
    }

    @BeforeEach
    final void startEmulator() {
        emulator = configure(HfJobsEmulator.builder()).start();
        alice = HubClient.alice(emulator);
    }

    @AfterEach
    final void stopEmulator() {
        emulator.close();
    }
}
