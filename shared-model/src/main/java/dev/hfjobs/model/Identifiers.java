package dev.hfjobs.model;

import java.util.regex.Pattern;

/**
 * The shapes of the names and ids that go into Hub URL paths. Everything is checked against these
 * before it is put in a path, so that no caller input can add a segment, a query or an encoded
 * character to a URL.
 */
public final class Identifiers {
    // Hub user and organization names: letters, digits, '-', '_', '.', not starting or ending with
    // '-' or '.', and never '--' or '..' (reserved by the Hub).
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,94}[A-Za-z0-9_])?");
    private static final Pattern HEX24 = Pattern.compile("[0-9a-f]{24}");

    /** The rule a namespace must follow, in words. */
    public static final String NAMESPACE_RULE = "must be a Hub user or organization name: 1 to 96 letters, digits, "
            + "'-', '_' or '.', starting with a letter or digit, without '--' or '..'";
    /** The rule a job or scheduled-job id must follow, in words. */
    public static final String ID_RULE = "must be 24 lowercase hexadecimal characters";

    private Identifiers() {}

    /** Whether {@code value} is a well-formed namespace (user or organization name). */
    public static boolean isNamespace(String value) {
        return value != null && NAMESPACE.matcher(value).matches() && !value.contains("--") && !value.contains("..");
    }

    /** Whether {@code value} is a well-formed job or scheduled-job id. */
    public static boolean isJobId(String value) {
        return value != null && HEX24.matcher(value).matches();
    }
}
