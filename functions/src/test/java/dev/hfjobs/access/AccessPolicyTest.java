package dev.hfjobs.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfjobs.model.Problem;
import dev.hfjobs.model.Validated;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {
    static final String POLICY = """
            {"grants": [
              {"principals": ["arn:aws:sts::123456789012:assumed-role/team-a-*/*"], "namespaces": ["acme-ml"],
               "actions": ["submit", "read"]},
              {"groups": ["team-b"], "namespaces": ["team-b-*"], "actions": ["*"]},
              {"subjects": ["user-1"], "scopes": ["hfjobs/admin"], "namespaces": ["*"], "actions": ["read"]}]}""";
    static final AccessPolicy POLICY_READ = AccessPolicy.parse(POLICY).orThrow();
    static final Caller TEAM_A = new Caller("arn:aws:sts::123456789012:assumed-role/team-a-ci/session-7", Map.of());

    static Caller jwt(String sub, List<String> groups, List<String> scopes) {
        return new Caller(null, Map.of("sub", List.of(sub), "cognito:groups", groups, "scope", scopes));
    }

    @Test
    void iamRolePatternGrantsItsNamespaceAndActionsOnly() {
        assertThat(POLICY_READ.allows(TEAM_A, Action.SUBMIT, "acme-ml")).isTrue();
        assertThat(POLICY_READ.allows(TEAM_A, Action.CANCEL, "acme-ml")).isFalse();
        assertThat(POLICY_READ.allows(TEAM_A, Action.READ, "acme-ml2")).isFalse();
        assertThat(POLICY_READ.allows(new Caller("arn:aws:sts::123456789012:assumed-role/team-b-ci/s", Map.of()),
                Action.READ, "acme-ml")).isFalse();
    }

    @Test
    void groupsClaimAndNamespacePattern() {
        Caller member = jwt("u2", List.of("team-c", "team-b"), List.of());

        assertThat(POLICY_READ.allows(member, Action.CANCEL, "team-b-prod")).isTrue();
        assertThat(POLICY_READ.allows(member, Action.CANCEL, "team-a")).isFalse();
    }

    @Test
    void everyKindOfMatcherInAGrantMustMatch() {
        assertThat(POLICY_READ.allows(jwt("user-1", List.of(), List.of("hfjobs/admin")), Action.READ, "x")).isTrue();
        assertThat(POLICY_READ.allows(jwt("user-1", List.of(), List.of("openid")), Action.READ, "x")).isFalse();
        assertThat(POLICY_READ.allows(jwt("user-2", List.of(), List.of("hfjobs/admin")), Action.READ, "x")).isFalse();
    }

    @Test
    void nobodyMatchesWithoutAnIdentity() {
        assertThat(POLICY_READ.allows(Caller.ANONYMOUS, Action.READ, "acme-ml")).isFalse();
        assertThat(AccessPolicy.OPEN.allows(Caller.ANONYMOUS, Action.CANCEL, "anything")).isTrue();
    }

    @Test
    void visibleAndNamedNamespaces() {
        assertThat(POLICY_READ.visible(TEAM_A, List.of("alice", "acme-ml"))).containsExactly("acme-ml");
        assertThat(POLICY_READ.namedFor(TEAM_A)).containsExactly("acme-ml");
    }

    @Test
    void everyProblemOfABadPolicyNamesItsPlace() {
        Validated<AccessPolicy> parsed = AccessPolicy.parse("""
                {"grants": [{"namespaces": ["a/b"], "actions": ["delete"], "principal": ["x"]},
                            {"principals": [], "namespaces": ["ok"], "actions": ["read"]}], "extra": 1,
                 "groupsClaim": 7}""");

        assertThat(((Validated.Invalid<AccessPolicy>) parsed).problems()).extracting(Problem::field)
                .contains("extra", "groupsClaim", "grants[0].principal", "grants[0].namespaces[0]", "grants[0].actions", "grants[0]",
                        "grants[1].principals");
    }

    @Test
    void unreadablePolicyDeniesEverything() {
        AccessPolicy broken = AccessPolicy.fromEnvironment(Map.of("ACCESS_POLICY", "{not json"));

        assertThat(broken.isOpen()).isFalse();
        assertThat(broken.broken()).isPresent();
        assertThat(broken.allows(TEAM_A, Action.READ, "acme-ml")).isFalse();
        assertThat(AccessPolicy.fromEnvironment(Map.of("ACCESS_POLICY", " ")).isOpen()).isTrue();
    }
}
