package dev.hfjobs.access;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who sent an API request, as API Gateway's authorizer established it.
 *
 * @param principal the IAM user or role ARN (IAM mode), or null
 * @param claims the JWT's claims (JWT mode), each as its list of values: a groups claim's members,
 *     {@code scope}'s space-separated scopes, or a single value; empty without a JWT
 */
public record Caller(String principal, Map<String, List<String>> claims) {
    /** Nobody authenticated (a local call without an authorizer). */
    public static final Caller ANONYMOUS = new Caller(null, Map.of());

    public Caller {
        claims = claims == null ? Map.of() : Map.copyOf(claims);
    }

    /** A claim's values; empty when the token has none. */
    public List<String> claim(String name) {
        return claims.getOrDefault(name, List.of());
    }

    /** The JWT subject, when there is one. */
    public Optional<String> subject() {
        return claim("sub").stream().findFirst();
    }

    /** How access lines name the caller: the principal, else the JWT subject. */
    public Optional<String> name() {
        return Optional.ofNullable(principal).or(this::subject);
    }
}
