package dev.hfjobs.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The name huggingface_hub 2.0.0's {@code run_job} and {@code create_scheduled_job} give a job when
 * the caller names none: {@code _default_job_name_from_image}, byte for byte. The base is the Space id
 * after a Space prefix, else the last path segment of the image (tag and digest kept); it is sanitized
 * (each code point outside {@code [A-Za-z0-9_-]} becomes one {@code -}, nothing else: no lowercasing,
 * no trimming, no length limit), then {@code -} and the first 8 hex digits of the SHA-256 of the image
 * and the command joined by U+0000 follow.
 */
final class DefaultJobName {
    // Java's regex engine steps over code points, so a surrogate pair is replaced once, as Python does.
    private static final Pattern OUTSIDE_NAME = Pattern.compile("[^A-Za-z0-9_-]");
    private static final int HASH_HEX_DIGITS = 8;

    private DefaultJobName() {}

    /**
     * The default name for an image and its command. The strings must be well-formed UTF-16 (no lone
     * surrogate): the reference fails to encode one, and the parsers refuse it before this is called.
     */
    static String fromImage(String image, List<String> command) {
        List<String> parts = new ArrayList<>(command.size() + 1);
        parts.add(image);
        parts.addAll(command);
        return sanitize(base(image)) + "-" + shortHash(parts);
    }

    private static String base(String image) {
        for (String prefix : ImageRef.SPACE_PREFIXES) {
            if (image.startsWith(prefix)) {
                String rest = image.substring(prefix.length());
                return rest.isEmpty() ? image : rest;
            }
        }
        // image.rstrip("/").split("/")[-1] or image: drop the registry host and the namespace.
        int end = image.length();
        while (end > 0 && image.charAt(end - 1) == '/') {
            end--;
        }
        String last = image.substring(image.lastIndexOf('/', end - 1) + 1, end);
        return last.isEmpty() ? image : last;
    }

    static String sanitize(String name) {
        return OUTSIDE_NAME.matcher(name).replaceAll("-");
    }

    private static String shortHash(List<String> parts) {
        byte[] bytes = String.join("\0", parts).getBytes(StandardCharsets.UTF_8);
        return HexFormat.of().formatHex(sha256(bytes)).substring(0, HASH_HEX_DIGITS);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new ModelException("this JVM has no SHA-256", e);
        }
    }
}
