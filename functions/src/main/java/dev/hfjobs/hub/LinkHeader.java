package dev.hfjobs.hub;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the next page from a {@code Link} header, following it only to the Hub itself. */
final class LinkHeader {
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;[^,]*rel\\s*=\\s*\"?next\"?");

    private LinkHeader() {}

    /**
     * The {@code rel="next"} URL, resolved against the request's URL. A link to another scheme, host
     * or port is ignored: following it would send the token elsewhere.
     */
    static Optional<URI> next(Headers headers, URI requested) {
        for (String value : headers.allValues("Link")) {
            Matcher m = NEXT.matcher(value);
            if (m.find()) {
                URI next = requested.resolve(m.group(1).strip());
                return sameOrigin(next, requested) ? Optional.of(next) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
