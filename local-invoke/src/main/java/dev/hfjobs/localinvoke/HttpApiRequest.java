package dev.hfjobs.localinvoke;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request as {@link LocalApi} received it, before it becomes an API Gateway event.
 *
 * @param method     e.g. {@code POST}
 * @param rawPath    the path as sent, still percent-encoded
 * @param rawQuery   the query string as sent, without {@code ?}; "" when none
 * @param headers    each header name with its values in the order received (names in any case)
 * @param body       the body's bytes; empty when none
 * @param protocol   e.g. {@code HTTP/1.1}
 * @param sourceIp   the caller's address
 * @param receivedAt when it arrived
 * @param requestId  the id API Gateway would give it
 */
record HttpApiRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body,
        String protocol, String sourceIp, Instant receivedAt, String requestId) {
}
