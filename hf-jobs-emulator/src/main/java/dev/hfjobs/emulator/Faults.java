package dev.hfjobs.emulator;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * One-shot faults armed by tests: each counts down as matching requests consume it, so that
 * exactly {@code n} requests see it even when requests run in parallel.
 */
final class Faults {

    /** Deliberately cut JSON: a parser fails on it. */
    static final String MALFORMED_JSON = "{\"id\": \"5e9ecfc04957053f60648a3e\", \"status\": {\"stage\": ";

    private record FailRule(String method, Pattern path, int status, AtomicInteger remaining) {

        boolean matches(Call call) {
            return (method.equals("*") || method.equals(call.method())) && path.matcher(call.path()).find();
        }
    }

    private final Queue<FailRule> failRules = new ConcurrentLinkedQueue<>();
    private final AtomicInteger rateLimited = new AtomicInteger();
    private final AtomicInteger drops = new AtomicInteger();
    private final AtomicInteger malformed = new AtomicInteger();
    private volatile int retryAfterSeconds = 1;

    void failNext(String method, String pathRegex, int count, int status) {
        if (status < 400 || status > 599) {
            throw new EmulatorException("failNext needs an error status (400-599), not " + status);
        }
        String verb = method == null || method.isBlank() ? "*" : method.toUpperCase(Locale.ROOT);
        failRules.add(new FailRule(verb, Pattern.compile(pathRegex), status, new AtomicInteger(count(count))));
    }

    void rateLimitNext(int count, int retryAfter) {
        if (retryAfter < 0) {
            throw new EmulatorException("retryAfterSeconds must not be negative");
        }
        retryAfterSeconds = retryAfter;
        rateLimited.set(count(count));
    }

    void dropAfterCreate(int count) {
        drops.set(count(count));
    }

    void malformedNext(int count) {
        malformed.set(count(count));
    }

    void reset() {
        failRules.clear();
        rateLimited.set(0);
        drops.set(0);
        malformed.set(0);
    }

    /** @return the fault that answers this request instead of the Hub, if one is armed */
    Optional<Reply> before(Call call) {
        if (take(rateLimited)) {
            int seconds = retryAfterSeconds;
            return Optional.of(new Reply.Failure(429, "Too Many Requests: you have reached your 'api' rate limit",
                    Map.of("Retry-After", Integer.toString(seconds), "RateLimit", "\"api\";r=0;t=" + seconds,
                            "RateLimit-Policy", "\"fixed window\";\"api\";q=1000;w=300")));
        }
        for (FailRule rule : failRules) {
            if (rule.matches(call) && take(rule.remaining())) {
                return Optional.of(new Reply.Failure(rule.status(), "Emulated failure (HTTP " + rule.status() + ")",
                        Map.of()));
            }
        }
        failRules.removeIf(rule -> rule.remaining().get() == 0);
        return Optional.empty();
    }

    /** @return the answer as sent: dropped after a successful create, or garbled, when armed */
    Reply after(Router.Match match, Reply reply) {
        boolean created = match instanceof Router.Match.Found(var route, var params)
                && route.name() == Router.Name.CREATE_JOB && reply instanceof Reply.JsonBody body && body.status() == 200;
        if (created && take(drops)) {
            return new Reply.Drop();
        }
        return take(malformed) ? new Reply.Text(200, "application/json", MALFORMED_JSON) : reply;
    }

    private static int count(int count) {
        if (count < 0) {
            throw new EmulatorException("a fault count must not be negative");
        }
        return count;
    }

    private static boolean take(AtomicInteger remaining) {
        return remaining.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }
}
