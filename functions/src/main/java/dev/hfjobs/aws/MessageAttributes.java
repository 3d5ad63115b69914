package dev.hfjobs.aws;

import dev.hfjobs.ports.DeadLetterQueueException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** SQS's rules for string message attributes, applied before sending so SQS never rejects them. */
final class MessageAttributes {
    static final int MAX_ATTRIBUTES = 10;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,256}");
    private static final String TYPE = "String";
    private static final String TRUNCATED = "...[truncated]";

    private MessageAttributes() {}

    /**
     * The attributes to send: names checked, blank values dropped, characters SQS refuses replaced,
     * and the longest values shortened until body + attributes fit in {@code maxBytes}.
     *
     * @throws IllegalArgumentException for too many attributes or an invalid name
     * @throws DeadLetterQueueException when the body alone is too large
     */
    static Map<String, String> fit(String body, Map<String, String> attributes, int maxBytes) {
        if (attributes.size() > MAX_ATTRIBUTES) {
            throw new IllegalArgumentException("SQS allows at most " + MAX_ATTRIBUTES + " attributes, got " + attributes.size());
        }
        Map<String, String> clean = new LinkedHashMap<>();
        attributes.forEach((name, value) -> {
            checkName(name);
            if (value != null && !value.isBlank()) {
                clean.put(name, sanitize(value));
            }
        });
        int bodyBytes = utf8(body);
        if (bodyBytes > maxBytes) {
            throw new DeadLetterQueueException("message body of " + bodyBytes + " bytes exceeds " + maxBytes);
        }
        shrink(clean, maxBytes - bodyBytes);
        return clean;
    }

    static void checkName(String name) {
        String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
        boolean valid = name != null && NAME.matcher(name).matches() && !name.contains("..")
                && !name.startsWith(".") && !name.endsWith(".")
                && !lower.startsWith("aws.") && !lower.startsWith("amazon.");
        if (!valid) {
            throw new IllegalArgumentException("invalid SQS message attribute name: " + name);
        }
    }

    /** Replaces the characters SQS rejects (those outside XML 1.0's set) with U+FFFD. */
    static String sanitize(String value) {
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().forEach(cp -> out.appendCodePoint(allowed(cp) ? cp : 0xFFFD));
        return out.toString();
    }

    private static boolean allowed(int cp) {
        return cp == 0x9 || cp == 0xA || cp == 0xD
                || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000;
    }

    /** Shortens the longest value, repeatedly, until the attributes fit the budget. */
    private static void shrink(Map<String, String> attributes, int budget) {
        int excess = size(attributes) - budget;
        while (excess > 0) {
            Map.Entry<String, String> longest = attributes.entrySet().stream()
                    .max(Comparator.comparingInt(e -> utf8(e.getValue())))
                    .orElseThrow();
            int keep = Math.max(0, utf8(longest.getValue()) - excess - utf8(TRUNCATED));
            String shorter = truncate(longest.getValue(), keep) + TRUNCATED;
            if (utf8(shorter) >= utf8(longest.getValue())) {
                attributes.remove(longest.getKey()); // too small to shorten: drop it
            } else {
                attributes.put(longest.getKey(), shorter);
            }
            excess = size(attributes) - budget;
        }
    }

    /** The bytes SQS counts for attributes: name, data type and value of each. */
    static int size(Map<String, String> attributes) {
        return attributes.entrySet().stream()
                .mapToInt(e -> utf8(e.getKey()) + TYPE.length() + utf8(e.getValue()))
                .sum();
    }

    /** The longest prefix of {@code value} whose UTF-8 form fits in {@code maxBytes}, whole code points only. */
    static String truncate(String value, int maxBytes) {
        int bytes = 0;
        int end = 0;
        while (end < value.length()) {
            int cp = value.codePointAt(end);
            int cpBytes = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + cpBytes > maxBytes) {
                break;
            }
            bytes += cpBytes;
            end += Character.charCount(cp);
        }
        return value.substring(0, end);
    }

    static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
