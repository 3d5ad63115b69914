package dev.hfjobs.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hfjobs.access.Caller;
import dev.hfjobs.model.ModelException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads API Gateway events: HTTP API payload 2.0, and REST API (v1) proxy events. */
final class HttpEvents {
    private HttpEvents() {}

    /**
     * The request in the event.
     *
     * @throws ModelException when the event is neither kind of API Gateway proxy event
     */
    static HttpEvent parse(JsonNode event) {
        if ("2.0".equals(event.path("version").asText())) {
            return v2(event);
        }
        if (event.hasNonNull("httpMethod")) {
            return v1(event);
        }
        throw new ModelException("not an API Gateway proxy event (no version 2.0, no httpMethod)");
    }

    private static HttpEvent v2(JsonNode event) {
        JsonNode context = event.path("requestContext");
        String stage = context.path("stage").asText("$default");
        String rawPath = event.path("rawPath").asText("/");
        String path = withoutStage(rawPath, stage);
        String basePath = rawPath.substring(0, rawPath.length() - path.length());
        Map<String, List<String>> query = parseQuery(event.path("rawQueryString").asText(""));
        String caller = firstText(context.at("/authorizer/iam/userArn"), context.at("/authorizer/jwt/claims/sub"),
                context.at("/authorizer/lambda/principalId"));
        Caller identity = new Caller(firstText(context.at("/authorizer/iam/userArn"),
                context.at("/authorizer/lambda/principalId")), claims(context.at("/authorizer/jwt/claims"),
                context.at("/authorizer/jwt/scopes")));
        return new HttpEvent(context.at("/http/method").asText("").toUpperCase(Locale.ROOT), trim(path),
                headers(event.path("headers"), null), query, body(event), caller, text(context.path("requestId")),
                basePath, identity);
    }

    private static HttpEvent v1(JsonNode event) {
        JsonNode context = event.path("requestContext");
        Map<String, List<String>> query = new LinkedHashMap<>();
        event.path("multiValueQueryStringParameters").properties().forEach(e -> {
            List<String> values = new ArrayList<>();
            e.getValue().forEach(v -> values.add(v.asText()));
            query.put(e.getKey(), values);
        });
        if (query.isEmpty()) {
            event.path("queryStringParameters").properties()
                    .forEach(e -> query.put(e.getKey(), List.of(e.getValue().asText())));
        }
        String caller = firstText(context.at("/identity/userArn"), context.at("/authorizer/principalId"),
                context.at("/authorizer/claims/sub"));
        Caller identity = new Caller(firstText(context.at("/identity/userArn"), context.at("/authorizer/principalId")),
                claims(context.at("/authorizer/claims"), null));
        return new HttpEvent(event.path("httpMethod").asText().toUpperCase(Locale.ROOT),
                trim(event.path("path").asText("/")), headers(event.path("headers"),
                event.path("multiValueHeaders")), query, body(event), caller, text(context.path("requestId")),
                stagePrefix(context.path("stage").asText("$default")), identity);
    }

    /** A REST API's paths leave the stage out; its URLs on the execute-api domain start with it. */
    private static String stagePrefix(String stage) {
        return stage.isEmpty() || "$default".equals(stage) ? "" : "/" + stage;
    }

    private static String withoutStage(String rawPath, String stage) {
        String prefix = "/" + stage;
        boolean staged = !"$default".equals(stage) && (rawPath.equals(prefix) || rawPath.startsWith(prefix + "/"));
        return staged ? rawPath.substring(prefix.length()) : rawPath;
    }

    private static String trim(String path) {
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return trimmed.isEmpty() ? "/" : trimmed;
    }

    private static Map<String, String> headers(JsonNode single, JsonNode multi) {
        Map<String, String> headers = new LinkedHashMap<>();
        single.properties().forEach(e -> headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asText()));
        if (multi != null) {
            multi.properties().forEach(e -> {
                List<String> values = new ArrayList<>();
                e.getValue().forEach(v -> values.add(v.asText()));
                headers.put(e.getKey().toLowerCase(Locale.ROOT), String.join(",", values));
            });
        }
        return headers;
    }

    /** Parses a raw query string, keeping repeated keys (payload 2.0 joins them with commas). */
    static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            query.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return query;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text; // a malformed escape is kept as sent; validation refuses it later
        }
    }

    private static String body(JsonNode event) {
        JsonNode body = event.path("body");
        if (body.isNull() || body.isMissingNode()) {
            return null;
        }
        if (event.path("isBase64Encoded").asBoolean(false)) {
            try {
                return new String(Base64.getDecoder().decode(body.asText()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new ModelException("the body is marked base64 but is not base64");
            }
        }
        return body.asText();
    }

    /**
     * A JWT's claims as lists of values. API Gateway hands an array claim (Cognito's groups) over as
     * the text {@code [a b]}, and {@code scope} is space-separated; the HTTP API's {@code scopes} list
     * is folded into {@code scope}.
     */
    static Map<String, List<String>> claims(JsonNode claims, JsonNode scopes) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (claims != null && claims.isObject()) {
            claims.properties().forEach(e -> values.put(e.getKey(), claimValues(e.getKey(), e.getValue())));
        }
        if (scopes != null && scopes.isArray() && !scopes.isEmpty()) {
            List<String> all = new ArrayList<>(values.getOrDefault("scope", List.of()));
            scopes.forEach(scope -> all.add(scope.asText()));
            values.put("scope", List.copyOf(all));
        }
        return values;
    }

    private static List<String> claimValues(String name, JsonNode value) {
        List<String> values = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(item -> values.add(item.asText()));
            return values;
        }
        String text = value.asText("").strip();
        boolean bracketed = text.startsWith("[") && text.endsWith("]");
        if (bracketed || "scope".equals(name) || "scp".equals(name)) {
            String inner = bracketed ? text.substring(1, text.length() - 1) : text;
            for (String part : inner.split("[\\s,]+")) {
                if (!part.isEmpty()) {
                    values.add(part);
                }
            }
            return values;
        }
        return text.isEmpty() ? List.of() : List.of(text);
    }

    private static String firstText(JsonNode... nodes) {
        for (JsonNode node : nodes) {
            String value = text(node);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() || node.asText().isBlank() ? null : node.asText();
    }
}
