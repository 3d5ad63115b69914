package dev.hfjobs.api;

import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One route: a method, a path template whose {@code {name}} parts match one raw segment, and the
 * action. Segments are matched raw (still percent-encoded), so an encoded slash never splits one.
 */
record Route(String method, String template, Pattern pattern, BiFunction<ApiCall, List<String>, HttpAnswer> action) {

    static Route of(String method, String template, BiFunction<ApiCall, List<String>, HttpAnswer> action) {
        String regex = template.replaceAll("\\{[^/]+}", "([^/]+)");
        return new Route(method, template, Pattern.compile(regex), action);
    }

    /** The path parameters when the path fits this route's template. */
    Optional<List<String>> match(String path) {
        Matcher m = pattern.matcher(path);
        if (!m.matches()) {
            return Optional.empty();
        }
        List<String> params = new java.util.ArrayList<>();
        for (int i = 1; i <= m.groupCount(); i++) {
            params.add(m.group(i));
        }
        return Optional.of(List.copyOf(params));
    }
}
