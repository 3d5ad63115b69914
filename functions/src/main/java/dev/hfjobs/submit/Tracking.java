package dev.hfjobs.submit;

import dev.hfjobs.model.JobInfo;
import dev.hfjobs.model.JobRequests;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The project's own labels on every job it starts. {@code hfjobs-tracking} makes a job findable
 * after its creation answer was lost; {@code hfjobs-managed} lets the poller list only the jobs
 * this project started.
 */
public final class Tracking {
    /** The label whose value is the claim's tracking id. */
    public static final String TRACKING_LABEL = JobRequests.RESERVED_LABEL_PREFIX + "tracking";
    /** The label every job started by the project carries, with value {@code true}. */
    public static final String MANAGED_LABEL = JobRequests.RESERVED_LABEL_PREFIX + "managed";
    /** The label naming the request's source: {@code api}, {@code sqs} or {@code scheduled}. */
    public static final String SOURCE_LABEL = JobRequests.RESERVED_LABEL_PREFIX + "source";

    // Created lazily, so that a SnapStart snapshot never holds a seeded generator.
    private static final class Holder {
        static final SecureRandom RANDOM = new SecureRandom();
    }

    /** A rehearsal's counted ids (see {@link #rehearse}); inherited by the threads it starts. */
    private static final InheritableThreadLocal<Counted> REHEARSAL = new InheritableThreadLocal<>();

    /** Ids counted from zero, until the rehearsal that hands them out ends. */
    private static final class Counted {
        private final AtomicLong next = new AtomicLong();
        // A thread started during the rehearsal may outlive it (a keep-alive timer, say): from the
        // end on, it draws random ids like any other.
        private volatile boolean ended;

        Optional<String> next() {
            return ended ? Optional.empty()
                    : Optional.of(HexFormat.of().toHexDigits(0L) + HexFormat.of().toHexDigits(next.getAndIncrement()));
        }
    }

    private Tracking() {}

    /** A new tracking id: 32 lowercase hex characters (fits a label value). */
    public static String newId() {
        Counted rehearsal = REHEARSAL.get();
        Optional<String> counted = rehearsal == null ? Optional.empty() : rehearsal.next();
        if (counted.isPresent()) {
            return counted.get();
        }
        byte[] bytes = new byte[16];
        Holder.RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * Runs {@code work} (a SnapStart rehearsal of a handler, before the snapshot) with ids counted
     * from zero instead of drawn: the random generator is not even created, so no snapshot holds
     * its state and every restored environment seeds its own.
     *
     * @return what {@code work} returned
     */
    public static <T> T rehearse(Supplier<T> work) {
        Counted counted = new Counted();
        REHEARSAL.set(counted);
        try {
            return work.get();
        } finally {
            counted.ended = true;
            REHEARSAL.remove();
        }
    }

    static Map<String, String> labels(String trackingId, Source source) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_LABEL, "true");
        labels.put(TRACKING_LABEL, trackingId);
        labels.put(SOURCE_LABEL, source.label());
        return labels;
    }

    static boolean carries(JobInfo job, String trackingId) {
        return trackingId.equals(job.labels().get(TRACKING_LABEL));
    }
}
