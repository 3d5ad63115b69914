package dev.hfjobs.localinvoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns an HTTP request into the event an API Gateway HTTP API hands a Lambda proxy integration
 * (payload format 2.0, route {@code $default}, stage {@code $default}), with the IAM authorizer
 * block of a local caller: header names lower-cased and repeated values joined with commas,
 * {@code Cookie} moved to {@code cookies}, query parameters decoded (repeated ones joined with
 * commas), a text body as is and any other base64-encoded.
 */
final class HttpApiEvents {

    /** Who the local caller is, as API Gateway's IAM authorizer would tell the function. */
    static final String CALLER_ARN = "arn:aws:sts::" + Intrinsics.ACCOUNT_ID + ":assumed-role/local-developer/local";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private HttpApiEvents() {
    }

    static ObjectNode of(HttpApiRequest request) {
        ObjectNode event = NODES.objectNode().put("version", "2.0").put("routeKey", "$default")
                .put("rawPath", request.rawPath()).put("rawQueryString", request.rawQuery());
        Map<String, String> headers = headers(request);
        String cookie = headers.remove("cookie");
        if (cookie != null) {
            event.set("cookies", NODES.arrayNode().addAll(cookies(cookie)));
        }
        ObjectNode headerNode = event.putObject("headers");
        headers.forEach(headerNode::put);
        if (!request.rawQuery().isEmpty()) {
            ObjectNode query = event.putObject("queryStringParameters");
            query(request.rawQuery()).forEach(query::put);
        }
        event.set("requestContext", context(request, headers));
        body(event, request.body(), headers.get("content-type"));
        return event;
    }

    private static Map<String, String> headers(HttpApiRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().forEach((name, values) -> headers.merge(name.toLowerCase(Locale.ROOT),
                String.join(",", values), (a, b) -> a + "," + b));
        return headers;
    }

    private static List<JsonNode> cookies(String header) {
        List<JsonNode> cookies = new ArrayList<>();
        for (String cookie : header.split("[;,]")) {
            if (!cookie.isBlank()) {
                cookies.add(NODES.textNode(cookie.strip()));
            }
        }
        return cookies;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                query.merge(name, value, (a, b) -> a + "," + b);
            }
        }
        return query;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text; // a malformed escape reaches the function as sent, as API Gateway passes it
        }
    }

    private static ObjectNode context(HttpApiRequest request, Map<String, String> headers) {
        String host = headers.getOrDefault("host", "127.0.0.1");
        ObjectNode context = NODES.objectNode().put("accountId", Intrinsics.ACCOUNT_ID).put("apiId", "local");
        context.putObject("authorizer").putObject("iam").put("accessKey", "ASIALOCALDEVELOPER00")
                .put("accountId", Intrinsics.ACCOUNT_ID).put("callerId", "AROALOCALDEVELOPER:local")
                .putNull("cognitoIdentity").putNull("principalOrgId").put("userArn", CALLER_ARN)
                .put("userId", "AROALOCALDEVELOPER:local");
        context.put("domainName", host).put("domainPrefix", host.split("[.:]")[0]);
        context.putObject("http").put("method", request.method()).put("path", request.rawPath())
                .put("protocol", request.protocol()).put("sourceIp", request.sourceIp())
                .put("userAgent", headers.getOrDefault("user-agent", ""));
        return context.put("requestId", request.requestId()).put("routeKey", "$default").put("stage", "$default")
                .put("time", TIME.format(request.receivedAt())).put("timeEpoch", request.receivedAt().toEpochMilli());
    }

    /** No body: no {@code body} field, as API Gateway sends it. */
    private static void body(ObjectNode event, byte[] body, String contentType) {
        if (body.length == 0) {
            event.put("isBase64Encoded", false);
            return;
        }
        String text = isText(contentType) ? utf8(body) : null;
        if (text != null) {
            event.put("body", text).put("isBase64Encoded", false);
        } else {
            event.put("body", Base64.getEncoder().encodeToString(body)).put("isBase64Encoded", true);
        }
    }

    /** Text media types, as API Gateway tells them; without a type, whatever is valid UTF-8. */
    static boolean isText(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        String type = contentType.toLowerCase(Locale.ROOT).split(";")[0].strip();
        return type.startsWith("text/") || type.contains("json") || type.contains("xml") || type.contains("javascript")
                || type.contains("yaml") || type.equals("application/x-www-form-urlencoded")
                || type.equals("application/graphql");
    }

    /** The body as UTF-8, or null when it is not valid UTF-8 (then it goes base64). */
    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
