package dev.hfjobs.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The sample events in {@code events/} and the function each one is for, told by its file name. */
final class SampleEvents {

    /** File name prefix → function logical id. A sample matching none is a mistake the tests catch. */
    static final Map<String, String> FUNCTION_BY_PREFIX = orderedMap(
            "api-", "ApiFunction",
            "sqs-", "QueueSubmitFunction",
            "schedule-catalog", "HardwareCatalogFunction",
            "schedule-poller", "StatusPollerFunction",
            "dynamodb-", "EventOutboxFunction");

    private SampleEvents() {
    }

    /** The function {@code file} is a sample event for. */
    static Optional<String> functionFor(Path file) {
        String name = file.getFileName().toString();
        return FUNCTION_BY_PREFIX.entrySet().stream().filter(prefix -> name.startsWith(prefix.getKey()))
                .map(Map.Entry::getValue).findFirst();
    }

    /** Every {@code *.json} in {@code events} but env.json, sorted by name. */
    static List<Path> all(Path events) {
        try (Stream<Path> files = Files.list(events)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .filter(f -> !f.getFileName().toString().equals("env.json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + events, e);
        }
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
