package dev.hfjobs.emulator;

import java.util.List;
import java.util.Objects;

/**
 * A Hub account the emulator knows: its token authenticates requests, and it may use its own
 * namespace and those of its organizations.
 *
 * @param name  the user name, also its namespace
 * @param token the bearer token that authenticates it, e.g. {@code hf_test_alice}
 * @param orgs  the organizations it is a member of
 */
public record EmulatorUser(String name, String token, List<String> orgs) {

    public EmulatorUser {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(token, "token");
        orgs = List.copyOf(orgs);
    }

    /** @return a user with the given organizations */
    public static EmulatorUser of(String name, String token, String... orgs) {
        return new EmulatorUser(name, token, List.of(orgs));
    }

    /** @return the fixture used when none is configured: alice (org acme-ml) and bob */
    public static List<EmulatorUser> defaults() {
        return List.of(of("alice", "hf_test_alice", "acme-ml"), of("bob", "hf_test_bob"));
    }
}
