package dev.hfjobs.emulator;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the route of a request: first match wins, so specific paths go before general ones. */
final class Router {

    /** Answers one route; {@code params} are the path segments matched by {@code {}} in its template. */
    @FunctionalInterface
    interface Handler {
        Reply handle(Call call, List<String> params);
    }

    /** Names the routes that faults and recording care about. */
    enum Name { CREATE_JOB, OTHER }

    /**
     * @param name    what it is
     * @param method  the HTTP method it answers
     * @param path    its path as a regex
     * @param handler what answers it
     */
    record Route(Name name, String method, Pattern path, Handler handler) {

        /** @param template a path where each {@code {}} matches one segment */
        static Route of(String method, String template, Handler handler) {
            return named(Name.OTHER, method, template, handler);
        }

        static Route named(Name name, String method, String template, Handler handler) {
            return new Route(name, method, Pattern.compile(template.replace("{}", "([^/]+)")), handler);
        }
    }

    /** Where a request goes. */
    sealed interface Match {

        record Found(Route route, List<String> params) implements Match {
        }

        record WrongMethod(Set<String> allowed) implements Match {
        }

        record Unknown() implements Match {
        }
    }

    private final List<Route> routes;

    Router(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    Match match(String method, String path) {
        Set<String> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            Matcher matcher = route.path().matcher(path);
            if (matcher.matches() && route.method().equals(method)) {
                return new Match.Found(route, groups(matcher));
            }
            if (matcher.matches()) {
                allowed.add(route.method());
            }
        }
        return allowed.isEmpty() ? new Match.Unknown() : new Match.WrongMethod(allowed);
    }

    /** @return the answer of the matched route, or 404 / 405 */
    static Reply answer(Match match, Call call) {
        return switch (match) {
            case Match.Found(Route route, List<String> params) -> route.handler().handle(call, params);
            case Match.WrongMethod(Set<String> allowed) -> new Reply.Failure(405,
                    "Method " + call.method() + " not allowed on " + call.path(),
                    Map.of("Allow", String.join(", ", allowed)));
            case Match.Unknown() -> new Reply.Failure(404, "Not Found: " + call.path(), Map.of());
        };
    }

    private static List<String> groups(Matcher matcher) {
        List<String> groups = new ArrayList<>();
        for (int i = 1; i <= matcher.groupCount(); i++) {
            groups.add(matcher.group(i));
        }
        return groups;
    }
}
