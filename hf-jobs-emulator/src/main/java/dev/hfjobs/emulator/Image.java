package dev.hfjobs.emulator;

/** Where a job's container comes from: exactly one of a Docker image or a Space. */
sealed interface Image {

    /** @param reference e.g. {@code python:3.12} */
    record Docker(String reference) implements Image {
    }

    /** @param id e.g. {@code lhoestq/duckdb} */
    record Space(String id) implements Image {
    }
}
