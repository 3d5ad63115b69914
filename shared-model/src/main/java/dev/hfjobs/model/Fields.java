package dev.hfjobs.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** Small readers shared by the request parsers; each reports its own problem. */
final class Fields {
    private static final int MAX_NAME_IN_MESSAGE = 64;

    private Fields() {}

    static String requiredText(JsonNode node, String field, Problems problems) {
        if (node == null || node.isNull()) {
            problems.add(field, "is required");
            return null;
        }
        if (!node.isTextual() || node.textValue().isBlank()) {
            problems.add(field, "must be a non-empty string");
            return null;
        }
        return node.textValue();
    }

    static Optional<String> text(JsonNode node, String field, Problems problems, int maxLength) {
        if (node == null || !node.isTextual()) {
            problems.add(field, "must be a string");
            return Optional.empty();
        }
        if (!isSendable(node.textValue()) || node.textValue().length() > maxLength) {
            problems.add(field, "must be at most " + maxLength + " characters, without NUL characters or unpaired "
                    + "UTF-16 surrogates");
            return Optional.empty();
        }
        return Optional.of(node.textValue());
    }

    /**
     * Whether a string can travel in a job spec: no NUL, and no unpaired UTF-16 surrogate (a JSON
     * escape can make one; the reference client cannot encode it and fails before posting, and Java
     * would silently send {@code ?} instead).
     */
    static boolean isSendable(String value) {
        return !hasNul(value) && isWellFormed(value);
    }

    static boolean hasNul(String value) {
        return value.indexOf('\0') >= 0;
    }

    static boolean isWellFormed(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A field name fit to be echoed in a problem: control characters escaped and long names cut, so
     * that a hostile key cannot forge log lines or headers.
     */
    static String printable(String name) {
        StringBuilder out = new StringBuilder();
        name.codePoints().limit(MAX_NAME_IN_MESSAGE).forEach(cp -> {
            if (Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return name.codePointCount(0, name.length()) > MAX_NAME_IN_MESSAGE ? out + "…" : out.toString();
    }
}
