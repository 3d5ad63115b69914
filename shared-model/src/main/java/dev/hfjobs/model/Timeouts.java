package dev.hfjobs.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns a {@code timeout} into whole seconds exactly as huggingface_hub does, and rejects what the
 * reference mishandles. Accepted: a JSON number of seconds (truncated: {@code 90.9} gives 90), or a
 * string of a decimal number followed by {@code s}, {@code m}, {@code h} or {@code d} (multiplied as
 * a double, then truncated: {@code "1.5h"} gives 5400), or a string integer of seconds ({@code "45"}).
 * Rejected: booleans, negative values, zero (before or after truncation), NaN and infinities, unknown
 * units, decimals without a unit, and anything beyond {@link #MAX_SECONDS}.
 */
public final class Timeouts {
    /** The largest timeout accepted: the Hub stores it as a 32-bit integer. */
    public static final long MAX_SECONDS = Integer.MAX_VALUE;

    private static final Map<Character, Integer> UNIT_FACTORS = Map.of('s', 1, 'm', 60, 'h', 3600, 'd', 86_400);
    // What Python's float() accepts for the number before a unit, minus signs, inf, nan and underscores.
    private static final Pattern DECIMAL = Pattern.compile("\\s*\\+?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?\\s*");
    // What Python's int() accepts for a string without a unit, minus the sign and underscores.
    private static final Pattern INTEGER = Pattern.compile("\\s*\\+?\\d+\\s*");
    static final String RULE = "must be a positive number of seconds or a string like \"90\", \"30s\", \"10m\", "
            + "\"1.5h\" or \"1d\" (units s, m, h, d)";

    private Timeouts() {}

    /**
     * The timeout in seconds, empty when none was given (absent or JSON null), or the rule broken.
     */
    public static Validated<Optional<Long>> seconds(JsonNode value, String field) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return new Validated.Valid<>(Optional.empty());
        }
        Optional<Double> raw = value.isNumber() ? fromNumber(value) : value.isTextual() ? fromText(value.textValue())
                : Optional.empty();
        return raw.map(seconds -> check(seconds, field))
                .orElseGet(() -> invalid(field, RULE));
    }

    private static Optional<Double> fromNumber(JsonNode value) {
        if (value.isIntegralNumber()) {
            BigDecimal exact = new BigDecimal(value.bigIntegerValue());
            return Optional.of(exact.compareTo(BigDecimal.valueOf(MAX_SECONDS)) > 0 ? Double.MAX_VALUE
                    : exact.doubleValue());
        }
        return Optional.of(value.doubleValue());
    }

    private static Optional<Double> fromText(String text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Integer factor = UNIT_FACTORS.get(text.charAt(text.length() - 1));
        if (factor != null) {
            String number = text.substring(0, text.length() - 1);
            return DECIMAL.matcher(number).matches() ? Optional.of(Double.parseDouble(number.strip()) * factor)
                    : Optional.empty();
        }
        if (!INTEGER.matcher(text).matches()) {
            return Optional.empty();
        }
        String digits = text.strip().replace("+", "");
        return Optional.of(digits.length() > 12 ? Double.MAX_VALUE : Double.parseDouble(digits));
    }

    private static Validated<Optional<Long>> check(double seconds, String field) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds) || seconds < 0) {
            return invalid(field, RULE);
        }
        // Python's int() truncates toward zero; for a non-negative double a cast does the same.
        long truncated = seconds >= MAX_SECONDS + 1.0 ? Long.MAX_VALUE : (long) seconds;
        if (truncated == 0) {
            return invalid(field, "must be at least 1 second (after dropping the fraction)");
        }
        if (truncated > MAX_SECONDS) {
            return invalid(field, "must be at most " + MAX_SECONDS + " seconds");
        }
        return new Validated.Valid<>(Optional.of(truncated));
    }

    private static Validated<Optional<Long>> invalid(String field, String rule) {
        return new Validated.Invalid<>(java.util.List.of(new Problem(field, rule)));
    }
}
