package dev.hfjobs.api;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code next} cursor of {@code GET /jobs}: the Hub's next-page path and query, base64url
 * encoded. A cursor from outside is decoded and checked to be a listing of the asked namespace
 * with a plain query before it becomes a URL.
 */
final class Cursors {
    private static final Pattern QUERY = Pattern.compile("[A-Za-z0-9_.~%=&+-]*");

    private Cursors() {}

    static String encode(URI next, URI endpoint) {
        String pathAndQuery = next.toString().substring(endpoint.toString().length());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(pathAndQuery.getBytes(StandardCharsets.UTF_8));
    }

    /** The path and query, when the cursor is one this API made for {@code namespace}. */
    static Optional<String> decode(String cursor, String namespace) {
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String prefix = "/api/jobs/" + namespace;
        if (!decoded.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = decoded.substring(prefix.length());
        boolean plain = rest.isEmpty() || rest.startsWith("?") && QUERY.matcher(rest.substring(1)).matches();
        return plain ? Optional.of(decoded) : Optional.empty();
    }
}
