package dev.hfjobs.model;

import java.util.ArrayList;
import java.util.List;

/** Collects problems while an input is read, so that all of them are reported at once. */
final class Problems {
    private final List<Problem> list = new ArrayList<>();

    void add(String field, String rule) {
        list.add(new Problem(field, rule));
    }

    void addAll(List<Problem> problems) {
        list.addAll(problems);
    }

    <T> Validated<T> result(T value) {
        return Validated.of(value, list);
    }

    int size() {
        return list.size();
    }

    boolean isEmpty() {
        return list.isEmpty();
    }
}
