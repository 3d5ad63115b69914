package dev.hfjobs.structure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The functions' packages depend on each other one way: read from the compiled classes by the JDK's
 * own {@code jdeps}, so a reference that no import shows (a fully qualified name) counts too.
 */
class PackageCyclesTest {
    private static final Pattern EDGE = Pattern.compile("^\\s+(dev\\.hfjobs[\\w.]*)\\s+->\\s+(dev\\.hfjobs[\\w.]*)\\s",
            Pattern.MULTILINE);

    @Test
    void functionsPackagesHaveNoCycle() {
        Map<String, Set<String>> graph = dependencies(Path.of("target", "classes"));
        assertThat(graph).as("packages found by jdeps").containsKeys("dev.hfjobs.api", "dev.hfjobs.aws",
                "dev.hfjobs.submit", "dev.hfjobs.store");

        assertThat(cycles(graph)).as("package cycles").isEmpty();
    }

    @Test
    void portsAndStoreKnowNothingOfAws() {
        Map<String, Set<String>> graph = dependencies(Path.of("target", "classes"));

        for (String port : List.of("dev.hfjobs.ports", "dev.hfjobs.store", "dev.hfjobs.submit", "dev.hfjobs.hub")) {
            assertThat(graph.getOrDefault(port, Set.of())).as(port + " depends on").doesNotContain("dev.hfjobs.aws",
                    "dev.hfjobs.wiring");
        }
    }

    private static Map<String, Set<String>> dependencies(Path classes) {
        assertThat(Files.isDirectory(classes)).as(classes + " (run from the functions module)").isTrue();
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        int status = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-verbose:package", "-e",
                "dev\\.hfjobs\\..*", classes.toString());
        assertThat(status).as("jdeps: " + out).isZero();
        Map<String, Set<String>> graph = new TreeMap<>();
        Matcher edge = EDGE.matcher(out.toString());
        while (edge.find()) {
            if (!edge.group(1).equals(edge.group(2)) && !edge.group(2).startsWith("dev.hfjobs.model")) {
                graph.computeIfAbsent(edge.group(1), k -> new TreeSet<>()).add(edge.group(2));
            }
        }
        return graph;
    }

    /** Every cycle found by a depth-first walk, each as the path that closes it. */
    private static List<List<String>> cycles(Map<String, Set<String>> graph) {
        List<List<String>> found = new ArrayList<>();
        Set<String> done = new TreeSet<>();
        for (String start : graph.keySet()) {
            walk(start, graph, new ArrayList<>(), done, found);
        }
        return found;
    }

    private static void walk(String node, Map<String, Set<String>> graph, List<String> path, Set<String> done,
            List<List<String>> found) {
        if (path.contains(node)) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
            cycle.add(node);
            found.add(cycle);
            return;
        }
        if (!done.add(node)) {
            return;
        }
        path.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            walk(next, graph, path, done, found);
        }
        path.removeLast();
    }
}
