package dev.hfjobs.emulator;

import java.util.List;
import java.util.Optional;

/** An authenticated user with the organizations it belongs to. */
record Member(Owner user, List<Owner> orgs) {

    Member {
        orgs = List.copyOf(orgs);
    }

    /** @return the owner of {@code namespace} when this user may use it: itself or one of its orgs */
    Optional<Owner> namespace(String namespace) {
        if (user.name().equals(namespace)) {
            return Optional.of(user);
        }
        return orgs.stream().filter(org -> org.name().equals(namespace)).findFirst();
    }

    /** @return the initiator of the jobs this user starts */
    Initiator asInitiator() {
        return new Initiator("user", user.id(), Optional.of(user.name()));
    }
}
