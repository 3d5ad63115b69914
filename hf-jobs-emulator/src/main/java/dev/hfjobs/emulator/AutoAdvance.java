package dev.hfjobs.emulator;

import java.time.Duration;
import java.util.Objects;

/**
 * Timers that move jobs on by themselves, measured on the emulator's clock: a job leaves
 * SCHEDULING for RUNNING {@code scheduling} after it was created, and ends in {@code outcome}
 * {@code running} after it started (or in ERROR when its timeoutSeconds comes first). Transitions
 * are applied lazily, whenever the emulator is asked something, with the exact timestamps they
 * would have had. While timers are on, scheduled jobs also fire when their next run time passes.
 *
 * @param scheduling how long a job stays SCHEDULING; zero or positive
 * @param running    how long a job stays RUNNING; zero or positive
 * @param outcome    the terminal stage a job ends in: COMPLETED or ERROR usually
 */
public record AutoAdvance(Duration scheduling, Duration running, JobStage outcome) {

    public AutoAdvance {
        Objects.requireNonNull(scheduling, "scheduling");
        Objects.requireNonNull(running, "running");
        Objects.requireNonNull(outcome, "outcome");
        if (scheduling.isNegative() || running.isNegative()) {
            throw new EmulatorException("auto-advance delays must not be negative");
        }
        if (!outcome.terminal()) {
            throw new EmulatorException("auto-advance outcome must be a terminal stage, not " + outcome);
        }
    }

    /** @return timers that end every job COMPLETED */
    public static AutoAdvance completing(Duration scheduling, Duration running) {
        return new AutoAdvance(scheduling, running, JobStage.COMPLETED);
    }
}
