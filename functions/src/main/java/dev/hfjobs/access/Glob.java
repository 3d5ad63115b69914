package dev.hfjobs.access;

import java.util.regex.Pattern;

/** A pattern with IAM's wildcards: {@code *} any run of characters (slashes included), {@code ?} one. */
record Glob(String text, Pattern pattern) {

    static Glob of(String text) {
        StringBuilder regex = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return new Glob(text, Pattern.compile(regex.toString(), Pattern.DOTALL));
    }

    boolean matches(String value) {
        return value != null && pattern.matcher(value).matches();
    }

    boolean isExact() {
        return text.indexOf('*') < 0 && text.indexOf('?') < 0;
    }
}
