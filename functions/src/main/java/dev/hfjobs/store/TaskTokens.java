package dev.hfjobs.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/** Step Functions task tokens: their rule, and the fingerprint that stands for one in logs and events. */
public final class TaskTokens {
    /** What a task token must be (Step Functions' own: 1 to 2,048 characters). */
    public static final String RULE = "must be a Step Functions task token: 1 to 2048 printable characters";
    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]{1,2048}");

    private TaskTokens() {}

    /** The token when it follows {@link #RULE}. */
    public static Optional<String> valid(String token) {
        return token != null && TOKEN.matcher(token).matches() ? Optional.of(token) : Optional.empty();
    }

    /** A short, stable stand-in for a token, never the token: {@code sha256:} and 12 hex digits. */
    public static String fingerprint(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
