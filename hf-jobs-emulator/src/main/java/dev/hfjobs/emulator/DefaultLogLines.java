package dev.hfjobs.emulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The lines an emulated job prints by itself, so that a job run through the local stack has logs:
 * its command line when it starts running ({@code $ python -c 'print(1)'}), then one line per later
 * stage change ({@code [hf-jobs-emulator] ERROR: Job failed with exit code: 1}).
 */
final class DefaultLogLines {

    static final String STAGE_PREFIX = "[hf-jobs-emulator] ";

    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

    private DefaultLogLines() {
    }

    /** @return what a job printed going from {@code before} (empty when it is new) to {@code after} */
    static List<LogLine> between(Optional<JobRecord> before, JobRecord after, Instant now) {
        List<LogLine> lines = new ArrayList<>();
        boolean started = after.startedAt().isPresent() && before.flatMap(JobRecord::startedAt).isEmpty();
        if (started) {
            lines.add(new LogLine(after.startedAt().orElseThrow(), "$ " + commandLine(after)));
        }
        boolean moved = before.isPresent() && !before.get().stage().equals(after.stage());
        // Starting to run is already told by the command line.
        boolean justStarted = started && after.stage().equals(JobStage.RUNNING.name());
        if (moved && !justStarted) {
            String message = after.message().map(text -> ": " + text).orElse("");
            lines.add(new LogLine(after.finishedAt().orElse(now), STAGE_PREFIX + after.stage() + message));
        }
        return lines;
    }

    /** @return the command and arguments quoted as a POSIX shell would need them */
    static String commandLine(JobRecord job) {
        return Stream.concat(job.spec().command().stream(), job.spec().arguments().stream())
                .map(DefaultLogLines::quote).collect(Collectors.joining(" "));
    }

    private static String quote(String word) {
        return SHELL_SAFE.matcher(word).matches() ? word : "'" + word.replace("'", "'\"'\"'") + "'";
    }
}
