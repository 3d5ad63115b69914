package dev.hfjobs.hub;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/** An answer's header fields, looked up without regard to case (as HTTP names are). */
record Headers(Map<String, List<String>> fields) {
    Headers {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        fields.forEach((name, values) -> {
            // HttpURLConnection files the status line under the null name.
            if (name != null) {
                copy.merge(name, List.copyOf(values), (a, b) -> Stream.concat(a.stream(), b.stream()).toList());
            }
        });
        fields = Collections.unmodifiableMap(copy);
    }

    Optional<String> firstValue(String name) {
        List<String> values = fields.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    List<String> allValues(String name) {
        return fields.getOrDefault(name, List.of());
    }
}
