package dev.hfjobs.aws;

import dev.hfjobs.Deadline;
import dev.hfjobs.Log;
import dev.hfjobs.hub.LogLine;
import dev.hfjobs.ports.LogArchive;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;

/**
 * {@link LogArchive} on CloudWatch Logs: one stream per job, {@code {namespace}/{jobId}}, in the
 * stack's log group. Each event keeps the time the job printed its line. The copy ends with a line
 * starting {@link #END}; a stream that ends so is complete and is left alone, and one that does
 * not (a run that stopped halfway) is continued after its last event.
 *
 * <p>CloudWatch's rules are kept: at most 10,000 events and 1 MB a call, events in time order within
 * 24 hours of each other, none older than 14 days, none empty.
 */
public final class CloudWatchLogArchive implements LogArchive {
    /** How the last line of a copy starts. */
    static final String END = "===== hf-jobs-serverless:";
    static final int MAX_EVENTS = 10_000;
    static final int MAX_BATCH_BYTES = 1_048_576;
    private static final int EVENT_OVERHEAD = 26;
    private static final Duration MAX_SPAN = Duration.ofHours(23);
    private static final Duration MAX_AGE = Duration.ofDays(14).minusHours(1);

    private final Supplier<CloudWatchLogsClient> clients;
    private final String group;
    private final Clock clock;

    /** @param clients the client, built when first needed (it costs cold start) */
    public CloudWatchLogArchive(Supplier<CloudWatchLogsClient> clients, String group, Clock clock) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.group = Objects.requireNonNull(group, "group");
        this.clock = clock;
    }

    @Override
    public Optional<Location> copy(String namespace, String jobId, List<LogLine> lines, boolean truncated,
            Deadline deadline) {
        String stream = namespace + "/" + jobId;
        try {
            List<InputLogEvent> events = events(lines, truncated);
            int from = created(stream, deadline) ? 0 : resumeAt(stream, events, deadline);
            for (List<InputLogEvent> batch : batches(events.subList(from, events.size()))) {
                AwsRequestOverrideConfiguration limits = limits(deadline);
                clients.get().putLogEvents(b -> b.logGroupName(group).logStreamName(stream).logEvents(batch)
                        .overrideConfiguration(limits));
            }
            return Optional.of(new Location(group, stream));
        } catch (SdkException | OutOfTime e) {
            Log.warn("job logs not copied to CloudWatch Logs", Map.of("group", group, "stream", stream,
                    "error", e.getClass().getSimpleName()));
            return Optional.empty();
        }
    }

    /** Creates the stream; false when it exists already (an earlier copy, complete or not). */
    private boolean created(String stream, Deadline deadline) {
        AwsRequestOverrideConfiguration limits = limits(deadline);
        try {
            clients.get().createLogStream(b -> b.logGroupName(group).logStreamName(stream).overrideConfiguration(limits));
            return true;
        } catch (ResourceAlreadyExistsException e) {
            return false;
        }
    }

    /** Where to go on in an existing stream: past its last event, or at the end when it is complete. */
    private int resumeAt(String stream, List<InputLogEvent> events, Deadline deadline) {
        AwsRequestOverrideConfiguration limits = limits(deadline);
        List<OutputLogEvent> last = clients.get().getLogEvents(b -> b.logGroupName(group).logStreamName(stream)
                .startFromHead(false).limit(1).overrideConfiguration(limits)).events();
        if (last.isEmpty()) {
            return 0;
        }
        OutputLogEvent tail = last.getLast();
        if (tail.message().startsWith(END)) {
            return events.size();
        }
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).message().equals(tail.message()) && events.get(i).timestamp().equals(tail.timestamp())) {
                return i + 1;
            }
        }
        return 0;
    }

    /** The lines as events in time order (never before the previous one, nor older than CloudWatch takes), then the end line. */
    private List<InputLogEvent> events(List<LogLine> lines, boolean truncated) {
        Instant now = clock.instant();
        long oldest = now.minus(MAX_AGE).toEpochMilli();
        List<InputLogEvent> events = new ArrayList<>();
        long previous = oldest;
        for (LogLine line : lines) {
            long at = Math.max(previous, line.timestamp() == null ? previous : line.timestamp().toEpochMilli());
            events.add(InputLogEvent.builder().timestamp(at).message(line.text().isEmpty() ? " " : line.text())
                    .build());
            previous = at;
        }
        String end = truncated
                ? END + " the log was cut at " + lines.size() + " lines (10,000 lines or 5 MB are copied); the rest is "
                        + "on the Hub ====="
                : END + " " + lines.size() + " lines copied from the Hub =====";
        events.add(InputLogEvent.builder().timestamp(Math.max(previous, now.toEpochMilli())).message(end).build());
        return events;
    }

    /** Consecutive batches within CloudWatch's per-call limits (count, bytes, time span). */
    static List<List<InputLogEvent>> batches(List<InputLogEvent> events) {
        List<List<InputLogEvent>> batches = new ArrayList<>();
        List<InputLogEvent> current = new ArrayList<>();
        int bytes = 0;
        for (InputLogEvent event : events) {
            int size = event.message().getBytes(StandardCharsets.UTF_8).length + EVENT_OVERHEAD;
            boolean full = current.size() == MAX_EVENTS || bytes + size > MAX_BATCH_BYTES || !current.isEmpty()
                    && event.timestamp() - current.getFirst().timestamp() > MAX_SPAN.toMillis();
            if (full) {
                batches.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(event);
            bytes += size;
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }

    private static AwsRequestOverrideConfiguration limits(Deadline deadline) {
        return AwsCalls.limits(deadline).orElseThrow(OutOfTime::new);
    }

    /** The deadline leaves no time for the next call. */
    private static final class OutOfTime extends RuntimeException {
        OutOfTime() {
            super("no time left", null, false, false);
        }
    }

    @Override
    public String toString() {
        return "CloudWatchLogArchive[" + group + "]";
    }
}
