package dev.hfjobs.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Pattern;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ids shaped like the Hub's (MongoDB ObjectIds): 24 lower-case hex characters, the creation second
 * first, then a per-emulator random part and a counter, so they are unique within an emulator.
 */
final class Ids {

    private static final HexFormat HEX = HexFormat.of();
    private static final Pattern JOB_ID = Pattern.compile("[0-9a-f]{24}");

    private final SecureRandom random = new SecureRandom();
    private final String instance = HEX.formatHex(randomBytes(5));
    private final AtomicInteger counter = new AtomicInteger(random.nextInt());

    /** @return a fresh job or scheduled-job id */
    String next(Instant now) {
        return "%08x%s%06x".formatted(now.getEpochSecond() & 0xffffffffL, instance,
                counter.getAndIncrement() & 0xffffff);
    }

    /** @return an id for {@code X-Request-Id}, in the shape of an AWS trace id as the Hub sends */
    String requestId(Instant now) {
        return "Root=1-%08x-%s".formatted(now.getEpochSecond() & 0xffffffffL, HEX.formatHex(randomBytes(12)));
    }

    /** @return whether {@code text} has the shape of a Hub job id */
    static boolean isJobId(String text) {
        return text != null && JOB_ID.matcher(text).matches();
    }

    /** @return a stable 24-hex id derived from a seed, so fixture accounts keep their ids across runs */
    static String stable(String seed) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            return HEX.formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new EmulatorException("SHA-256 is missing from this JDK", e);
        }
    }

    private byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }
}
