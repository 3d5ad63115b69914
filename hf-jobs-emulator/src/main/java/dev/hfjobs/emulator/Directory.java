package dev.hfjobs.emulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The accounts the emulator knows, by token. */
final class Directory {

    private final Map<String, Member> byToken;

    private Directory(Map<String, Member> byToken) {
        this.byToken = Map.copyOf(byToken);
    }

    static Directory of(List<EmulatorUser> users) {
        Map<String, Member> byToken = new LinkedHashMap<>();
        for (EmulatorUser user : users) {
            List<Owner> orgs = user.orgs().stream().map(Owner::org).toList();
            if (byToken.put(user.token(), new Member(Owner.user(user.name()), orgs)) != null) {
                throw new EmulatorException("two users share the token of " + user.name());
            }
        }
        return new Directory(byToken);
    }

    Optional<Member> byToken(String token) {
        return Optional.ofNullable(byToken.get(token));
    }

    Optional<Member> byName(String user) {
        return byToken.values().stream().filter(member -> member.user().name().equals(user)).findFirst();
    }
}
