package dev.hfjobs.localinvoke.testfn;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP API function for LocalApi's tests: answers the event it got as the body of a proxy answer
 * with every kind of header, except on a few paths: {@code /binary} (a base64 body), {@code /plain}
 * (JSON without statusCode), {@code /fail} (throws).
 */
public final class HttpEchoHandler implements RequestStreamHandler {

    private static final Pattern RAW_PATH = Pattern.compile("\"rawPath\":\"([^\"]*)\"");

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        Matcher path = RAW_PATH.matcher(event);
        String answer = switch (path.find() ? path.group(1) : "") {
            case "/binary" -> "{\"statusCode\": 200, \"headers\": {\"content-type\": \"application/octet-stream\"},"
                    + " \"body\": \"AAEC/w==\", \"isBase64Encoded\": true}";
            case "/plain" -> "{\"just\": \"json\"}";
            case "/fail" -> throw new IllegalStateException("asked to fail");
            default -> echo(event);
        };
        output.write(answer.getBytes(StandardCharsets.UTF_8));
    }

    private static String echo(String event) {
        Map<String, Object> answer = new TreeMap<>();
        answer.put("statusCode", 201);
        answer.put("headers", Map.of("content-type", "application/json", "x-single", "one",
                "x-pid", ProcessHandle.current().pid(), "content-length", "1"));
        answer.put("multiValueHeaders", Map.of("x-multi", List.of("a", "b")));
        answer.put("cookies", List.of("c1=v1", "c2=v2; Path=/"));
        answer.put("body", event);
        answer.put("isBase64Encoded", false);
        return Json.write(answer);
    }
}
