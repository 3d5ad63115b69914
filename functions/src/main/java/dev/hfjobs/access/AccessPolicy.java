package dev.hfjobs.access;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hfjobs.Log;
import dev.hfjobs.model.ModelException;
import dev.hfjobs.model.Problem;
import dev.hfjobs.model.Validated;
import dev.hfjobs.model.Wire;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who may do what in which namespace on the API ({@code ACCESS_POLICY}). Unset, every caller the API
 * lets in may do everything in every namespace the token reaches. Set, it is JSON:
 *
 * <pre>{@code
 * {"groupsClaim": "cognito:groups",
 *  "grants": [
 *    {"principals": ["arn:aws:sts::111122223333:assumed-role/team-a-*"], "namespaces": ["acme-ml"],
 *     "actions": ["submit", "read", "cancel"]},
 *    {"groups": ["team-b"], "namespaces": ["team-b-*"], "actions": ["*"]}]}
 * }</pre>
 *
 * A grant applies to a caller when every kind of matcher it has ({@code principals}: IAM ARNs;
 * {@code subjects}: JWT {@code sub}; {@code groups}: the groups claim's values; {@code scopes}: the
 * JWT's scopes) has a pattern that matches; patterns take IAM's {@code *} and {@code ?}. A caller
 * may do an action in a namespace when some grant that applies covers both. A policy that cannot be
 * read denies everything (and says why in the log), rather than opening everything.
 */
public final class AccessPolicy {
    /** No policy: everything is allowed. */
    public static final AccessPolicy OPEN = new AccessPolicy(null, "cognito:groups", null);
    static final String DEFAULT_GROUPS_CLAIM = "cognito:groups";
    private static final int MAX_GRANTS = 200;
    private static final Set<String> FIELDS = Set.of("groupsClaim", "grants");
    private static final Set<String> GRANT_FIELDS = Set.of("principals", "subjects", "groups", "scopes", "namespaces",
            "actions");
    private static final String NAMESPACE_PATTERN = "[A-Za-z0-9._*?-]{1,96}";

    private final List<Grant> grants;
    private final String groupsClaim;
    private final String broken;

    private AccessPolicy(List<Grant> grants, String groupsClaim, String broken) {
        this.grants = grants;
        this.groupsClaim = groupsClaim;
        this.broken = broken;
    }

    /** {@code ACCESS_POLICY} from the environment: {@link #OPEN} when unset or blank. */
    public static AccessPolicy fromEnvironment(Map<String, String> env) {
        String text = env.get("ACCESS_POLICY");
        if (text == null || text.isBlank()) {
            return OPEN;
        }
        return switch (parse(text)) {
            case Validated.Valid<AccessPolicy> valid -> valid.value();
            case Validated.Invalid<AccessPolicy> invalid -> {
                Log.error("ACCESS_POLICY is invalid: every namespaced request is refused until it is fixed",
                        Map.of("problems", invalid.problems()));
                yield new AccessPolicy(List.of(), DEFAULT_GROUPS_CLAIM, "invalid-policy");
            }
        };
    }

    /** Reads a policy; every problem names its place ({@code grants[0].actions[1]}) and the rule. */
    public static Validated<AccessPolicy> parse(String text) {
        JsonNode root;
        try {
            root = Wire.parse(text);
        } catch (ModelException e) {
            return new Validated.Invalid<>(List.of(new Problem("$", "must be JSON")));
        }
        List<Problem> problems = new ArrayList<>();
        if (!root.isObject()) {
            return new Validated.Invalid<>(List.of(new Problem("$", "must be a JSON object")));
        }
        root.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                problems.add(new Problem(name, "is not a field of an access policy (" + FIELDS + ")"));
            }
        });
        JsonNode claimNode = root.path("groupsClaim");
        if (!claimNode.isMissingNode() && (!claimNode.isTextual() || claimNode.textValue().isBlank())) {
            problems.add(new Problem("groupsClaim", "must be the name of a JWT claim, e.g. cognito:groups"));
        }
        String claim = claimNode.isTextual() ? claimNode.textValue() : DEFAULT_GROUPS_CLAIM;
        JsonNode list = root.path("grants");
        if (!list.isArray() || list.isEmpty() || list.size() > MAX_GRANTS) {
            problems.add(new Problem("grants", "must be a list of 1 to " + MAX_GRANTS + " grants"));
            return new Validated.Invalid<>(problems);
        }
        List<Grant> grants = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            grant(list.get(i), "grants[" + i + "]", problems).ifPresent(grants::add);
        }
        return problems.isEmpty() ? new Validated.Valid<>(new AccessPolicy(List.copyOf(grants), claim, null))
                : new Validated.Invalid<>(problems);
    }

    private static Optional<Grant> grant(JsonNode node, String at, List<Problem> problems) {
        if (!node.isObject()) {
            problems.add(new Problem(at, "must be an object"));
            return Optional.empty();
        }
        node.fieldNames().forEachRemaining(name -> {
            if (!GRANT_FIELDS.contains(name)) {
                problems.add(new Problem(at + "." + name, "is not a field of a grant (" + GRANT_FIELDS + ")"));
            }
        });
        int before = problems.size();
        List<Glob> principals = globs(node.get("principals"), at + ".principals", ".{1,2048}", false, problems);
        List<Glob> subjects = globs(node.get("subjects"), at + ".subjects", ".{1,2048}", false, problems);
        List<Glob> groups = globs(node.get("groups"), at + ".groups", ".{1,2048}", false, problems);
        List<Glob> scopes = globs(node.get("scopes"), at + ".scopes", ".{1,2048}", false, problems);
        List<Glob> namespaces = globs(node.get("namespaces"), at + ".namespaces", NAMESPACE_PATTERN, true, problems);
        Set<Action> actions = actions(node.get("actions"), at + ".actions", problems);
        if (principals.isEmpty() && subjects.isEmpty() && groups.isEmpty() && scopes.isEmpty()) {
            problems.add(new Problem(at, "must say whom it applies to: principals, subjects, groups or scopes "
                    + "(use [\"*\"] for every caller of one kind)"));
        }
        return problems.size() > before ? Optional.empty()
                : Optional.of(new Grant(principals, subjects, groups, scopes, namespaces, actions));
    }

    private static List<Glob> globs(JsonNode node, String at, String rule, boolean required, List<Problem> problems) {
        if (node == null) {
            if (required) {
                problems.add(new Problem(at, "is required: a list of patterns"));
            }
            return List.of();
        }
        if (!node.isArray() || node.isEmpty()) {
            problems.add(new Problem(at, "must be a non-empty list of patterns"));
            return List.of();
        }
        List<Glob> globs = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isTextual() || !item.textValue().matches(rule)) {
                problems.add(new Problem(at + "[" + i + "]", "must be a pattern matching " + rule
                        + " ('*' any characters, '?' one)"));
            } else {
                globs.add(Glob.of(item.textValue()));
            }
        }
        return globs;
    }

    private static Set<Action> actions(JsonNode node, String at, List<Problem> problems) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            problems.add(new Problem(at, "must be a non-empty list of submit, read, cancel, schedule or *"));
            return Set.of();
        }
        Set<Action> actions = EnumSet.noneOf(Action.class);
        for (int i = 0; i < node.size(); i++) {
            String name = node.get(i).asText("");
            if ("*".equals(name)) {
                actions.addAll(EnumSet.allOf(Action.class));
            } else {
                Action.fromPolicyName(name).ifPresentOrElse(actions::add, () -> problems.add(new Problem(
                        at, "has an unknown action; actions are submit, read, cancel, schedule or *")));
            }
        }
        return actions;
    }

    /** Whether there is no policy (everything allowed). */
    public boolean isOpen() {
        return grants == null;
    }

    /** Why the policy denies everything, when it could not be read. */
    public Optional<String> broken() {
        return Optional.ofNullable(broken);
    }

    /** Whether {@code caller} may do {@code action} in {@code namespace}. */
    public boolean allows(Caller caller, Action action, String namespace) {
        if (grants == null) {
            return true;
        }
        return grants.stream().anyMatch(grant -> grant.actions().contains(action)
                && grant.appliesTo(caller, groupsClaim) && grant.covers(namespace));
    }

    /** Of {@code namespaces}, those where the caller may do something, in the same order. */
    public List<String> visible(Caller caller, List<String> namespaces) {
        return namespaces.stream().distinct()
                .filter(ns -> Arrays.stream(Action.values()).anyMatch(action -> allows(caller, action, ns)))
                .toList();
    }

    /** The exact (wildcard-free) namespaces granted to the caller for any action, in policy order. */
    public List<String> namedFor(Caller caller) {
        if (grants == null) {
            return List.of();
        }
        Set<String> named = new LinkedHashSet<>();
        grants.stream().filter(grant -> grant.appliesTo(caller, groupsClaim))
                .forEach(grant -> grant.namespaces().stream().filter(Glob::isExact).map(Glob::text)
                        .forEach(named::add));
        return List.copyOf(named);
    }
}
