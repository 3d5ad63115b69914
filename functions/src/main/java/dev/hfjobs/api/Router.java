package dev.hfjobs.api;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** Finds the route for a request: 404 for an unknown path, 405 (with Allow) for a wrong method. */
final class Router {
    private final List<Route> routes;

    Router(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    HttpAnswer dispatch(ApiCall call) {
        HttpEvent event = call.http();
        TreeSet<String> allowed = new TreeSet<>();
        for (Route route : routes) {
            Optional<List<String>> params = route.match(event.path());
            if (params.isPresent() && route.method().equals(event.method())) {
                return route.action().apply(call, params.get());
            }
            params.ifPresent(p -> allowed.add(route.method()));
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
