package dev.hfjobs.hub;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads a server-sent event stream until the server ends it or a limit cuts it. A watchdog closes
 * the body after {@link StreamLimits#quiet()} without a line or at the end of the time allowed, which
 * unblocks the reading thread. Each {@code data:} line is one event (the Jobs streams never use
 * multi-line data); {@code event:} names the next one; comments ({@code : keep-alive}), {@code id:}
 * and blank lines only count as signs of life.
 */
final class SseReader {
    private final StreamLimits limits;

    SseReader(StreamLimits limits) {
        this.limits = limits;
    }

    EventStream read(InputStream body, Duration timeLeft) {
        Duration longest = timeLeft.compareTo(limits.longest()) < 0 ? timeLeft : limits.longest();
        AtomicLong lastLine = new AtomicLong(System.nanoTime());
        AtomicBoolean done = new AtomicBoolean();
        Thread watchdog = Thread.ofVirtual().start(() -> watch(body, lastLine, done, System.nanoTime()
                + longest.toNanos()));
        List<EventStream.Event> events = new ArrayList<>();
        boolean ended = false;
        boolean truncated = false;
        int bytes = 0;
        String name = null;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); ; line = reader.readLine()) {
                if (line == null) {
                    ended = !done.get();
                    break;
                }
                lastLine.set(System.nanoTime());
                if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    String data = line.substring(line.startsWith("data: ") ? 6 : 5);
                    if (events.size() >= limits.maxEvents() || bytes + data.length() > limits.maxBytes()) {
                        truncated = true;
                        break;
                    }
                    events.add(new EventStream.Event(name, data));
                    bytes += data.length();
                    name = null;
                }
            }
        } catch (IOException e) {
            // Closed by the watchdog (silence or time up), or the connection broke: what came stands.
        } finally {
            done.set(true);
            watchdog.interrupt();
        }
        return new EventStream(events, ended, truncated);
    }

    private void watch(InputStream body, AtomicLong lastLine, AtomicBoolean done, long endNanos) {
        long quiet = limits.quiet().toNanos();
        while (!done.get()) {
            long now = System.nanoTime();
            long wake = Math.min(endNanos, lastLine.get() + quiet);
            if (now >= wake) {
                done.set(true);
                closeQuietly(body);
                return;
            }
            try {
                Thread.sleep(Duration.ofNanos(Math.min(wake - now, 100_000_000L)));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // Already broken: the reader ends either way.
        }
    }
}
