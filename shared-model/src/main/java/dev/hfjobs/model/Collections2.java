package dev.hfjobs.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Immutable copies that keep insertion order (the wire order matters) and allow null values. */
final class Collections2 {
    private Collections2() {}

    static <V> Map<String, V> orderedCopy(Map<String, V> map) {
        return map == null || map.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    static <T> List<T> listCopy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    /** An immutable copy without the null items an answer may carry (read tolerantly, never refused). */
    static <T> List<T> nonNullCopy(List<T> list) {
        return list == null ? List.of() : list.stream().filter(Objects::nonNull).toList();
    }
}
