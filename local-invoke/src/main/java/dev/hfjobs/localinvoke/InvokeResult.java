package dev.hfjobs.localinvoke;

import java.util.Locale;

/**
 * One invocation as Lambda reports it.
 *
 * @param requestId      the request id handed to the runtime
 * @param outcome        how it ended
 * @param payload        the answer's body: the handler's output, or Lambda's error document
 * @param coldStart      whether this invocation started a new sandbox (a new JVM)
 * @param initDurationMs cold starts: from starting the JVM to the runtime's first request for work; else 0
 * @param durationMs     from handing the event to the runtime to its answer (0 if never handed out)
 * @param maxMemoryUsedMb the runtime process's peak resident memory so far (VmHWM), 0 if unknown
 * @param memorySizeMb   the function's configured memory
 * @param logs           what the runtime printed during this invocation (and its init, when cold)
 */
public record InvokeResult(String requestId, Outcome outcome, String payload, boolean coldStart,
        double initDurationMs, double durationMs, long maxMemoryUsedMb, int memorySizeMb, String logs) {

    public boolean isError() {
        return outcome != Outcome.SUCCESS;
    }

    /** Lambda's REPORT log line for this invocation. */
    public String reportLine() {
        StringBuilder line = new StringBuilder("REPORT RequestId: ").append(requestId)
                .append(String.format(Locale.ROOT, "\tDuration: %.2f ms", durationMs))
                .append("\tMemory Size: ").append(memorySizeMb).append(" MB")
                .append("\tMax Memory Used: ").append(maxMemoryUsedMb).append(" MB");
        if (coldStart) {
            line.append(String.format(Locale.ROOT, "\tInit Duration: %.2f ms", initDurationMs));
        }
        switch (outcome) {
            case TIMEOUT -> line.append("\tStatus: timeout");
            case INIT_ERROR, RUNTIME_EXIT -> line.append("\tStatus: error");
            default -> { }
        }
        return line.toString();
    }
}
