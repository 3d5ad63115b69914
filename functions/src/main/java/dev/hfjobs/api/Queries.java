package dev.hfjobs.api;

import dev.hfjobs.hub.JobFilter;
import dev.hfjobs.model.JobStage;
import dev.hfjobs.model.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Query parameters: only the known ones, each checked before it reaches the Hub. */
final class Queries {
    private static final Pattern STAGE = Pattern.compile("[A-Za-z_]{1,32}");
    private static final Pattern LABEL = Pattern.compile("([A-Za-z0-9_-]{1,100})=([A-Za-z0-9_-]{0,100})");

    /** A validated {@code GET /jobs} query. */
    record Listing(Optional<String> namespace, JobFilter filter, Optional<String> cursor) {}

    private Queries() {}

    /** A 400 naming every parameter the route does not know. */
    static Optional<HttpAnswer> only(HttpEvent http, Set<String> known) {
        List<Problem> problems = new ArrayList<>();
        http.query().keySet().stream().filter(key -> !known.contains(key)).forEach(key -> problems.add(
                new Problem(Router.printable(key), "is not a query parameter of this route"
                        + (known.isEmpty() ? "" : " (known: " + String.join(", ", known.stream().sorted().toList())
                        + ")"))));
        return problems.isEmpty() ? Optional.empty() : Optional.of(HttpAnswer.invalid(problems));
    }

    static Either<Listing> listing(HttpEvent http) {
        List<Problem> problems = new ArrayList<>();
        Set<JobStage> stages = new LinkedHashSet<>();
        for (String value : http.queryAll("stage")) {
            for (String stage : value.split(",")) {
                if (STAGE.matcher(stage.strip()).matches()) {
                    stages.add(JobStage.of(stage));
                } else {
                    problems.add(new Problem("stage", "must be stage names such as RUNNING or COMPLETED"));
                }
            }
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (String label : http.queryAll("label")) {
            var m = LABEL.matcher(label);
            if (m.matches()) {
                labels.put(m.group(1), m.group(2));
            } else {
                problems.add(new Problem("label", "must be key=value, each of letters, digits, '-' or '_'"));
            }
        }
        if (http.queryAll("namespace").size() > 1 || http.queryAll("cursor").size() > 1) {
            problems.add(new Problem("namespace", "give namespace and cursor at most once"));
        }
        return problems.isEmpty() ? Either.right(new Listing(http.queryOne("namespace"),
                new JobFilter(stages, labels), http.queryOne("cursor"))) : Either.left(HttpAnswer.invalid(problems));
    }
}
