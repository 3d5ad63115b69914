package dev.hfjobs.api;

import dev.hfjobs.Once;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Finds the route for a request: 404 for an unknown path, 405 (with Allow) for a wrong method.
 * Routes come in families, each built on the first request under its keys (a path's first
 * segment, or {@code api/} and its second): a cold start's first POST /jobs does not build the
 * scheduled-jobs and Hub-path routes and what they hold.
 */
final class Router {
    private final List<Family> families;

    /**
     * Routes under some path keys ({@link #key}), built once, on first use. Each route's template
     * must fall under the family's keys (checked when the family is built).
     */
    record Family(Set<String> keys, Supplier<List<Route>> routes) {
        Family {
            keys = Set.copyOf(keys);
            Supplier<List<Route>> declared = routes;
            Set<String> covered = keys;
            routes = new Once<>(() -> checked(covered, declared.get()));
        }

        private static List<Route> checked(Set<String> keys, List<Route> routes) {
            for (Route route : routes) {
                if (!keys.contains(key(route.template()))) {
                    throw new IllegalStateException("route " + route.template() + " is outside its family " + keys);
                }
            }
            return List.copyOf(routes);
        }
    }

    Router(List<Family> families) {
        this.families = List.copyOf(families);
    }

    /** One family of routes already built, under every key they use (tests, small handlers). */
    static Router of(List<Route> routes) {
        Set<String> keys = new TreeSet<>();
        routes.forEach(route -> keys.add(key(route.template())));
        return new Router(List.of(new Family(keys, () -> routes)));
    }

    /** A path's family key: its first segment, or {@code api/} and the second under /api. */
    static String key(String path) {
        String[] segments = path.startsWith("/") ? path.substring(1).split("/", 3) : path.split("/", 3);
        return segments[0].equals("api") && segments.length > 1 ? "api/" + segments[1] : segments[0];
    }

    /** Builds the routes a request for {@code path} would need (a cold start's head start). */
    void prepare(String path) {
        String key = key(path);
        families.stream().filter(family -> family.keys().contains(key)).forEach(family -> family.routes().get());
    }

    /** Builds every route (before a snapshot). */
    void prepareAll() {
        families.forEach(family -> family.routes().get());
    }

    HttpAnswer dispatch(ApiCall call) {
        HttpEvent event = call.http();
        String key = key(event.path());
        TreeSet<String> allowed = new TreeSet<>();
        for (Family family : families) {
            if (!family.keys().contains(key)) {
                continue;
            }
            for (Route route : family.routes().get()) {
                Optional<List<String>> params = route.match(event.path());
                if (params.isPresent() && route.method().equals(event.method())) {
                    return route.action().apply(call, params.get());
                }
                params.ifPresent(p -> allowed.add(route.method()));
            }
        }
        if (allowed.isEmpty()) {
            return HttpAnswer.problem(404, "not-found", "No such route",
                    "no route for " + event.method() + " " + printable(event.path()));
        }
        return HttpAnswer.problem(405, "method-not-allowed", "Method not allowed",
                printable(event.path()) + " accepts " + String.join(", ", allowed)).withHeader("Allow",
                String.join(", ", allowed));
    }

    /** A path fit to echo: control characters escaped, cut at 200 characters. */
    static String printable(String path) {
        String safe = path.codePoints().limit(200)
                .collect(StringBuilder::new, (sb, cp) -> {
                    if (Character.isISOControl(cp)) {
                        sb.append(String.format("\\u%04x", cp));
                    } else {
                        sb.appendCodePoint(cp);
                    }
                }, StringBuilder::append).toString();
        return path.length() > 200 ? safe + "…" : safe;
    }
}
