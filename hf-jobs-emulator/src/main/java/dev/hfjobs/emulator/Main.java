package dev.hfjobs.emulator;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator until the process is killed:
 * {@code java -jar hf-jobs-emulator/target/hf-jobs-emulator-<version>.jar [--port N] [--page-size N]
 * [--auto-advance] [--legacy]}. It prints one line, {@code HF Jobs emulator listening on URL}.
 */
public final class Main {

    /** The timers of {@code --auto-advance}: a few seconds of scheduling, half a minute of running. */
    static final AutoAdvance DEMO_TIMERS = AutoAdvance.completing(Duration.ofSeconds(5), Duration.ofSeconds(30));

    private static final String USAGE =
            "usage: Main [--port N] [--page-size N] [--auto-advance] [--legacy]";

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        HfJobsEmulator emulator;
        try {
            emulator = start(List.of(args), System.out);
        } catch (EmulatorException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "hf-jobs-emulator-shutdown"));
        new CountDownLatch(1).await();
    }

    /** Starts an emulator configured by command-line arguments and announces it on {@code out}. */
    static HfJobsEmulator start(List<String> args, PrintStream out) {
        HfJobsEmulator emulator = configure(args).start();
        out.println("HF Jobs emulator listening on " + emulator.endpoint());
        out.flush();
        return emulator;
    }

    static HfJobsEmulator.Builder configure(List<String> args) {
        HfJobsEmulator.Builder builder = HfJobsEmulator.builder();
        Deque<String> rest = new ArrayDeque<>(args);
        while (!rest.isEmpty()) {
            String arg = rest.pop();
            switch (arg) {
                case "--port" -> builder.port(number(arg, rest));
                case "--page-size" -> builder.pageSize(number(arg, rest));
                case "--auto-advance" -> builder.autoAdvance(DEMO_TIMERS);
                case "--legacy" -> builder.legacyMode(true);
                default -> throw new EmulatorException("unknown argument " + arg);
            }
        }
        return builder;
    }

    private static int number(String option, Deque<String> rest) {
        String value = rest.poll();
        try {
            return Integer.parseInt(value == null ? "" : value);
        } catch (NumberFormatException e) {
            throw new EmulatorException(option + " needs a number, not " + value);
        }
    }
}
