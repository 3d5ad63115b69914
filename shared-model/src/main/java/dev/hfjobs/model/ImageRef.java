package dev.hfjobs.model;

import java.util.List;
import java.util.Optional;

/**
 * Where a job's container image comes from: a Docker reference or a Hugging Face Space. Built from
 * the caller's {@code image} exactly as the reference client does: the four Space URL prefixes
 * (case-sensitive) give a Space id, anything else is a Docker image.
 */
public sealed interface ImageRef {
    /** The prefixes the reference client recognizes as a Space, in its order. */
    List<String> SPACE_PREFIXES = List.of(
            "https://huggingface.co/spaces/", "https://hf.co/spaces/", "huggingface.co/spaces/", "hf.co/spaces/");

    /** A Docker image reference, e.g. {@code python:3.12}. */
    record Docker(String reference) implements ImageRef {
        @Override
        public String toString() {
            return reference;
        }
    }

    /** A Space whose image runs the job, e.g. {@code lhoestq/duckdb}. */
    record Space(String spaceId) implements ImageRef {
        @Override
        public String toString() {
            return "hf.co/spaces/" + spaceId;
        }
    }

    /** Classifies an image string exactly as the reference does (no validation). */
    static ImageRef classify(String image) {
        return spacePrefix(image).<ImageRef>map(p -> new Space(image.substring(p.length())))
                .orElseGet(() -> new Docker(image));
    }

    private static Optional<String> spacePrefix(String image) {
        return SPACE_PREFIXES.stream().filter(image::startsWith).findFirst();
    }
}
