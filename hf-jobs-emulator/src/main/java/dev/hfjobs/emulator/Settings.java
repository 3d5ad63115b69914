package dev.hfjobs.emulator;

import java.time.Duration;
import java.util.Optional;

/**
 * The emulator's behaviour switches that are not one-shot faults.
 *
 * @param pageSize    how many jobs one page of GET /api/jobs/{ns} holds
 * @param legacyMode  behave like the older Hub: no SCHEDULING stage, list filters ignored, at most
 *                    the newest {@link #LEGACY_LIST_LIMIT} jobs and no Link paging
 * @param autoAdvance the lifecycle timers, if on
 * @param latency     a delay added to every API request
 */
record Settings(int pageSize, boolean legacyMode, Optional<AutoAdvance> autoAdvance, Duration latency) {

    static final int DEFAULT_PAGE_SIZE = 50;
    static final int LEGACY_LIST_LIMIT = 100;

    Settings {
        if (pageSize < 1) {
            throw new EmulatorException("page size must be at least 1, not " + pageSize);
        }
        if (latency.isNegative()) {
            throw new EmulatorException("latency must not be negative");
        }
    }

    static Settings defaults() {
        return new Settings(DEFAULT_PAGE_SIZE, false, Optional.empty(), Duration.ZERO);
    }

    Settings withPageSize(int size) {
        return new Settings(size, legacyMode, autoAdvance, latency);
    }

    Settings withLegacyMode(boolean legacy) {
        return new Settings(pageSize, legacy, autoAdvance, latency);
    }

    Settings withAutoAdvance(Optional<AutoAdvance> plan) {
        return new Settings(pageSize, legacyMode, plan, latency);
    }

    Settings withLatency(Duration delay) {
        return new Settings(pageSize, legacyMode, autoAdvance, delay);
    }
}
