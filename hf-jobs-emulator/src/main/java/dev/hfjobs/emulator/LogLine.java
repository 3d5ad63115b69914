package dev.hfjobs.emulator;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of a job's log, as {@code GET /api/jobs/{ns}/{id}/logs} streams it:
 * {@code data: {"data": text, "timestamp": timestamp}}.
 *
 * @param timestamp when the job printed it, on the emulator's clock
 * @param text      the line, without its line break
 */
public record LogLine(Instant timestamp, String text) {

    public LogLine {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(text, "text");
    }
}
