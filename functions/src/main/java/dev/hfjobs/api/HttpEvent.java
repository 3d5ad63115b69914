package dev.hfjobs.api;

import dev.hfjobs.access.Caller;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An API Gateway request reduced to what the routes need, the same for HTTP API (payload 2.0)
 * and REST API (v1) events.
 *
 * @param method upper case
 * @param path the raw path without the stage, without a trailing slash
 * @param headers lower-case names; repeated headers joined with commas
 * @param query every value of every query parameter, decoded, in order
 * @param body the body text (base64 already decoded), or null
 * @param caller the authenticated principal (IAM user or role ARN, JWT subject), or null
 * @param requestId API Gateway's request id, or null
 * @param basePath what precedes {@code path} in the URL the caller used (a stage), usually empty
 * @param identity the caller as the authorizer established it (IAM principal, JWT claims), for the
 *     access policy
 */
record HttpEvent(String method, String path, Map<String, String> headers, Map<String, List<String>> query,
        String body, String caller, String requestId, String basePath, Caller identity) {

    /**
     * The URL the caller reached this API at, without the route's path: {@code X-Forwarded-Proto}
     * (API Gateway sets it) and {@code Host}, so that links in answers lead back here.
     */
    String baseUrl() {
        String proto = header("x-forwarded-proto").map(p -> p.split(",")[0].strip()).filter(p -> p.matches("https?"))
                .orElse("https");
        String host = header("host").filter(h -> h.matches("[A-Za-z0-9.:\\[\\]-]{1,255}")).orElse("localhost");
        return proto + "://" + host + basePath;
    }

    Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    List<String> queryAll(String name) {
        return query.getOrDefault(name, List.of());
    }

    Optional<String> queryOne(String name) {
        return queryAll(name).stream().findFirst();
    }
}
