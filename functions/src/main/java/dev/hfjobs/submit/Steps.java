package dev.hfjobs.submit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How long each step of one submission took, in milliseconds, for its log line (and the
 * benchmark's per-step split). Steps are named as they end; a step that happens twice adds up.
 */
public final class Steps {
    private final Map<String, Double> millis = new LinkedHashMap<>();
    private long mark = System.nanoTime();

    /** Ends the current step under {@code name} and starts the next one. */
    public synchronized void end(String name) {
        long now = System.nanoTime();
        millis.merge(name, (now - mark) / 1e6, Double::sum);
        mark = now;
    }

    /** The steps so far, rounded to a tenth of a millisecond. */
    public synchronized Map<String, Double> millis() {
        Map<String, Double> rounded = new LinkedHashMap<>();
        millis.forEach((name, ms) -> rounded.put(name, Math.round(ms * 10) / 10.0));
        return rounded;
    }
}
