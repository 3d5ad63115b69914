package dev.hfjobs.access;

import java.util.List;
import java.util.Set;

/**
 * One entry of an access policy: who (every kind of matcher given must match; within a kind, any
 * pattern), where (namespace patterns) and what (actions).
 *
 * @param principals IAM principal ARN patterns (IAM mode)
 * @param subjects JWT {@code sub} patterns
 * @param groups patterns of the groups claim's values
 * @param scopes patterns of the JWT's {@code scope} values
 * @param namespaces namespace patterns
 * @param actions what the grant allows there
 */
record Grant(List<Glob> principals, List<Glob> subjects, List<Glob> groups, List<Glob> scopes, List<Glob> namespaces,
        Set<Action> actions) {

    boolean appliesTo(Caller caller, String groupsClaim) {
        return (principals.isEmpty() || anyMatches(principals, List.of(nullToEmpty(caller.principal()))))
                && (subjects.isEmpty() || anyMatches(subjects, caller.claim("sub")))
                && (groups.isEmpty() || anyMatches(groups, caller.claim(groupsClaim)))
                && (scopes.isEmpty() || anyMatches(scopes, caller.claim("scope")));
    }

    boolean covers(String namespace) {
        return namespaces.stream().anyMatch(glob -> glob.matches(namespace));
    }

    private static boolean anyMatches(List<Glob> patterns, List<String> values) {
        return values.stream().anyMatch(value -> !value.isEmpty() && patterns.stream().anyMatch(p -> p.matches(value)));
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
