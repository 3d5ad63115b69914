package dev.hfjobs.devstack;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the project's own files are, wherever a test or tool runs from (Maven runs each module's
 * tests in the module's folder): the nearest folder, from the working directory up, holding
 * {@code template.yaml} and {@code events/env.json}.
 */
public final class ProjectFiles {

    private ProjectFiles() {
    }

    /** @throws DevStackException when no such folder is above the working directory */
    public static Path root() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("template.yaml"))
                    && Files.isRegularFile(dir.resolve("events/env.json"))) {
                return dir;
            }
        }
        throw new DevStackException("no template.yaml with events/env.json in " + start + " or above");
    }

    public static Path template() {
        return root().resolve("template.yaml");
    }

    public static Path envJson() {
        return root().resolve("events/env.json");
    }
}
