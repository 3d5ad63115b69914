package dev.hfjobs.hub;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hfjobs.model.ModelException;
import dev.hfjobs.model.Wire;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of a job's log, as the Hub's log stream gives it.
 *
 * @param timestamp when the job printed it; null when the Hub gave none or an unreadable one
 * @param text the line
 */
public record LogLine(Instant timestamp, String text) {
    /** The Hub starts every log connection with a line starting so; huggingface_hub drops it too. */
    public static final String MARKER = "===== Job started";

    /** The log lines of a stream ({@code data: {"data", "timestamp"}} events), without the Hub's marker. */
    public static List<LogLine> of(EventStream stream) {
        List<LogLine> lines = new ArrayList<>();
        for (EventStream.Event event : stream.events()) {
            JsonNode data;
            try {
                data = Wire.parse(event.data());
            } catch (ModelException e) {
                continue;
            }
            String text = data.path("data").asText(null);
            if (text != null && !text.startsWith(MARKER)) {
                lines.add(new LogLine(instant(data.path("timestamp").asText(null)), text));
            }
        }
        return lines;
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
