package dev.hfjobs.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds {@code shared/} beside the project root (or where HFJOBS_SHARED_DIR says), as the model's tests do. */
public final class SharedReference {
    private SharedReference() {}

    /** The file at {@code relative} under shared/; fails when it is missing rather than skipping. */
    public static Path file(String relative) {
        String override = System.getenv("HFJOBS_SHARED_DIR");
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = override != null ? Path.of(override) : dir.resolve("shared");
            if (Files.isRegularFile(candidate.resolve(relative))) {
                return candidate.resolve(relative);
            }
        }
        throw new IllegalStateException("shared/" + relative + " not found above " + start
                + ": the project expects ../shared beside its root (or set HFJOBS_SHARED_DIR)");
    }
}
