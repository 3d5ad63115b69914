package dev.hfjobs.emulator;

import java.util.Optional;

/** Who is calling, and which namespaces they may use. */
final class Access {

    /** The Hub's own message for a token it does not know. */
    static final String INVALID_TOKEN = "Invalid credentials in Authorization header";

    private final Directory directory;

    Access(Directory directory) {
        this.directory = directory;
    }

    /** @return the caller; 401 when the request has no token or an unknown one */
    Member member(Call call) {
        return optionalMember(call).orElseThrow(() -> new Rejection(401, "Authorization header is required"));
    }

    /** @return the caller if the request has a token, empty if it has none; 401 for an unknown token */
    Optional<Member> optionalMember(Call call) {
        if (call.header("authorization").isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(call.bearerToken().flatMap(directory::byToken)
                .orElseThrow(() -> new Rejection(401, INVALID_TOKEN)));
    }

    /** @return the caller's user name if its token is known, never failing: for the request log */
    Optional<String> userName(Call call) {
        return call.bearerToken().flatMap(directory::byToken).map(member -> member.user().name());
    }

    /** @return the owner of a namespace the caller may use; 401 or 403 otherwise */
    Owner namespace(Call call, String namespace) {
        return namespace(member(call), namespace);
    }

    /** @return the owner of a namespace the member may use; 403 otherwise */
    Owner namespace(Member member, String namespace) {
        return member.namespace(namespace).orElseThrow(() -> new Rejection(403,
                "You don't have access to namespace '" + namespace + "'"));
    }
}
