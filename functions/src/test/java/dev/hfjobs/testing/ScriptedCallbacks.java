package dev.hfjobs.testing;

import dev.hfjobs.Deadline;
import dev.hfjobs.ports.TaskCallbacks;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Step Functions' answers as a test scripts them, in front of the real callbacks: the next answers
 * given instead of calling (throttling, a task that timed out), then the real ones. Every call is
 * recorded. Used where moto cannot produce the answer (throttling, 5xx, a timed-out task).
 */
public final class ScriptedCallbacks implements TaskCallbacks {
    /** A call made: its kind ({@code heartbeat}, {@code success}, {@code failure}), token, and what it carried. */
    public record Call(String kind, String token, String output, String error, String cause) {}

    private final TaskCallbacks real;
    private final Deque<Result> script = new ArrayDeque<>();
    private final List<Call> calls = new ArrayList<>();

    public ScriptedCallbacks(TaskCallbacks real) {
        this.real = real;
    }

    /** Callbacks that deliver everything, without Step Functions. */
    public static ScriptedCallbacks delivering() {
        return new ScriptedCallbacks(new TaskCallbacks() {
            @Override
            public Result heartbeat(String token, Deadline deadline) {
                return new Result.Delivered();
            }

            @Override
            public Result succeed(String token, String output, Deadline deadline) {
                return new Result.Delivered();
            }

            @Override
            public Result fail(String token, String error, String cause, Deadline deadline) {
                return new Result.Delivered();
            }
        });
    }

    /** The next calls answer these, in order, instead of reaching the real callbacks. */
    public synchronized ScriptedCallbacks thenAnswer(Result... results) {
        script.addAll(List.of(results));
        return this;
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    public synchronized List<Call> calls(String kind) {
        return calls.stream().filter(c -> c.kind().equals(kind)).toList();
    }

    @Override
    public synchronized Result heartbeat(String token, Deadline deadline) {
        calls.add(new Call("heartbeat", token, null, null, null));
        return script.isEmpty() ? real.heartbeat(token, deadline) : script.removeFirst();
    }

    @Override
    public synchronized Result succeed(String token, String output, Deadline deadline) {
        calls.add(new Call("success", token, output, null, null));
        return script.isEmpty() ? real.succeed(token, output, deadline) : script.removeFirst();
    }

    @Override
    public synchronized Result fail(String token, String error, String cause, Deadline deadline) {
        calls.add(new Call("failure", token, null, error, cause));
        return script.isEmpty() ? real.fail(token, error, cause, deadline) : script.removeFirst();
    }
}
