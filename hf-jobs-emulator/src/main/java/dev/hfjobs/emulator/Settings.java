package dev.hfjobs.emulator;

import java.time.Duration;
import java.util.Optional;

/**
 * The emulator's behaviour switches that are not one-shot faults.
 *
 * @param pageSize        how many jobs one page of GET /api/jobs/{ns} holds
 * @param legacyMode      behave like the older Hub: no SCHEDULING stage, list filters ignored, at
 *                        most the newest {@link #LEGACY_LIST_LIMIT} jobs and no Link paging
 * @param autoAdvance     the lifecycle timers, if on
 * @param latency         a delay added to every API request
 * @param streams         the pace of the logs and metrics streams
 * @param defaultLogLines whether jobs print their command line and stage changes by themselves
 */
record Settings(int pageSize, boolean legacyMode, Optional<AutoAdvance> autoAdvance, Duration latency,
                StreamPace streams, boolean defaultLogLines) {

    static final int DEFAULT_PAGE_SIZE = 50;
    static final int LEGACY_LIST_LIMIT = 100;

    /**
     * How often the event streams write, in real time (not on the emulator's clock: they are about
     * connections, which time out in real time).
     *
     * @param keepAlive     the silence after which a {@code : keep-alive} comment is sent; the Hub's is 30 s
     * @param metricsPeriod between two metric samples; the Hub's is 1 s
     */
    record StreamPace(Duration keepAlive, Duration metricsPeriod) {

        static final StreamPace HUB = new StreamPace(Duration.ofSeconds(30), Duration.ofSeconds(1));

        StreamPace {
            if (keepAlive.isNegative() || keepAlive.isZero() || metricsPeriod.isNegative() || metricsPeriod.isZero()) {
                throw new EmulatorException("stream periods must be positive");
            }
        }
    }

    Settings {
        if (pageSize < 1) {
            throw new EmulatorException("page size must be at least 1, not " + pageSize);
        }
        if (latency.isNegative()) {
            throw new EmulatorException("latency must not be negative");
        }
    }

    static Settings defaults() {
        return new Settings(DEFAULT_PAGE_SIZE, false, Optional.empty(), Duration.ZERO, StreamPace.HUB, true);
    }

    Settings withPageSize(int size) {
        return new Settings(size, legacyMode, autoAdvance, latency, streams, defaultLogLines);
    }

    Settings withLegacyMode(boolean legacy) {
        return new Settings(pageSize, legacy, autoAdvance, latency, streams, defaultLogLines);
    }

    Settings withAutoAdvance(Optional<AutoAdvance> plan) {
        return new Settings(pageSize, legacyMode, plan, latency, streams, defaultLogLines);
    }

    Settings withLatency(Duration delay) {
        return new Settings(pageSize, legacyMode, autoAdvance, delay, streams, defaultLogLines);
    }

    Settings withKeepAlive(Duration period) {
        return new Settings(pageSize, legacyMode, autoAdvance, latency, new StreamPace(period, streams.metricsPeriod()),
                defaultLogLines);
    }

    Settings withMetricsPeriod(Duration period) {
        return new Settings(pageSize, legacyMode, autoAdvance, latency, new StreamPace(streams.keepAlive(), period),
                defaultLogLines);
    }

    Settings withDefaultLogLines(boolean on) {
        return new Settings(pageSize, legacyMode, autoAdvance, latency, streams, on);
    }
}
