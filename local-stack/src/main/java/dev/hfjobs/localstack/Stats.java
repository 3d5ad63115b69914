package dev.hfjobs.localstack;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Samples of one figure (milliseconds unless said otherwise); the benchmark reports medians. */
final class Stats {
    private final List<Double> samples = new ArrayList<>();

    void add(double sample) {
        samples.add(sample);
    }

    double mean() {
        return samples.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    double median() {
        if (samples.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
