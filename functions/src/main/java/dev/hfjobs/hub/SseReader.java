package dev.hfjobs.hub;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads a server-sent event stream until the server ends it or a limit cuts it: after {@link
 * StreamLimits#quiet()} without a line, or at the end of the time allowed. Each {@code data:} line
 * is one event (the Jobs streams never use multi-line data); {@code event:} names the next one;
 * comments ({@code : keep-alive}), {@code id:} and blank lines only count as signs of life.
 *
 * <p>The lines are read on a virtual thread of their own, which the calling thread interrupts to
 * cut the read: interrupting a virtual thread blocked on a socket closes the socket. Closing the
 * body from another thread instead would wait for the blocked read (the body's methods hold one
 * lock).
 */
final class SseReader {
    private final StreamLimits limits;

    SseReader(StreamLimits limits) {
        this.limits = limits;
    }

    /** Reads {@code body} within the limits and {@code timeLeft}, and closes it. */
    EventStream read(InputStream body, Duration timeLeft) {
        Duration longest = timeLeft.compareTo(limits.longest()) < 0 ? timeLeft : limits.longest();
        long end = System.nanoTime() + longest.toNanos();
        AtomicLong lastLine = new AtomicLong(System.nanoTime());
        AtomicBoolean cut = new AtomicBoolean();
        Lines lines = new Lines();
        FutureTask<Boolean> reading = new FutureTask<>(() -> lines.read(body, lastLine, limits));
        Thread reader = Thread.ofVirtual().name("event-stream").start(reading);
        try {
            boolean ended = watch(reading, reader, lastLine, cut, end) && !cut.get();
            return new EventStream(lines.events(), ended, lines.truncated());
        } finally {
            closeQuietly(body);
        }
    }

    /** Waits for the reader, cutting it at the limits; true when the server ended the stream. */
    private boolean watch(FutureTask<Boolean> reading, Thread reader, AtomicLong lastLine, AtomicBoolean cut,
            long end) {
        long quiet = limits.quiet().toNanos();
        try {
            while (true) {
                long wake = Math.min(end, lastLine.get() + quiet);
                long now = System.nanoTime();
                if (now >= wake) {
                    cut.set(true);
                    reader.interrupt();
                    // A socket read ends at once; a body that is no socket may not: do not wait long.
                    reader.join(Duration.ofSeconds(1));
                    return false;
                }
                try {
                    return reading.get(Math.min(wake - now, 100_000_000L), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    // Look at the limits again.
                }
            }
        } catch (InterruptedException e) {
            cut.set(true);
            reader.interrupt();
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return false;
        }
    }

    /** What the reader collected; {@code truncated} once a size limit cut it. */
    private static final class Lines {
        private final List<EventStream.Event> events = new ArrayList<>();
        private volatile boolean truncated;

        List<EventStream.Event> events() {
            synchronized (events) {
                return List.copyOf(events);
            }
        }

        boolean truncated() {
            return truncated;
        }

        /** True when the stream ended (the server closed it), false when a limit or a failure cut it. */
        boolean read(InputStream body, AtomicLong lastLine, StreamLimits limits) {
            int bytes = 0;
            String name = null;
            BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
            try {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lastLine.set(System.nanoTime());
                    if (line.startsWith("event:")) {
                        name = line.substring(6).strip();
                    } else if (line.startsWith("data:")) {
                        String data = line.substring(line.startsWith("data: ") ? 6 : 5);
                        synchronized (events) {
                            if (events.size() >= limits.maxEvents() || bytes + data.length() > limits.maxBytes()) {
                                truncated = true;
                                return false;
                            }
                            events.add(new EventStream.Event(name, data));
                        }
                        bytes += data.length();
                        name = null;
                    }
                }
                return !Thread.currentThread().isInterrupted();
            } catch (IOException e) {
                // Cut (the socket closed under the interrupted read), or the connection broke: what came stands.
                return false;
            }
        }
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // Already broken: nothing more to read either way.
        }
    }
}
