package dev.hfjobs.devstack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * moto_server's request recorder ({@code /moto-api/recorder/}): every request the server receives between
 * {@link #start} and {@link #stop}, bodies included. It shows what moto takes and then drops: moto 5.2.1's
 * {@code SendTaskFailure} keeps the {@code error} but never passes the {@code cause} on, so neither
 * {@code DescribeExecution}, the execution history nor a Catch's {@code $.Cause} has it; the recorded request
 * does.
 *
 * <p>There is one recorder per server, and it appends every request to one file (moto_server's
 * {@code MOTO_RECORDER_FILEPATH}, next to the log when {@link MotoProcess} starts it): record only around what
 * you need, and from one user at a time.
 *
 * <pre>{@code
 * MotoRecorder recorder = MotoRecorder.of(moto.endpoint());
 * recorder.start();
 * ...                                            // the poller calls SendTaskFailure
 * recorder.bodies("AWSStepFunctions.SendTaskFailure")   // [{"taskToken": ..., "error": ..., "cause": ...}]
 * }</pre>
 */
public final class MotoRecorder {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;

    private MotoRecorder(URI endpoint) {
        this.endpoint = endpoint;
    }

    public static MotoRecorder of(URI endpoint) {
        return new MotoRecorder(endpoint);
    }

    /** Forgets what was recorded so far and records every request from now on. */
    public void start() {
        MotoApi.post(endpoint, "/moto-api/recorder/reset-recording", "");
        MotoApi.post(endpoint, "/moto-api/recorder/start-recording", "");
    }

    /** Stops recording; what was recorded stays readable. */
    public void stop() {
        MotoApi.post(endpoint, "/moto-api/recorder/stop-recording", "");
    }

    /**
     * The recorded requests of one operation of a JSON-protocol service (Step Functions, SQS, DynamoDB, ...),
     * oldest first.
     *
     * @param target the operation's {@code X-Amz-Target}, e.g. {@code AWSStepFunctions.SendTaskFailure}
     * @return their JSON bodies
     */
    public List<JsonNode> bodies(String target) {
        List<JsonNode> bodies = new ArrayList<>();
        for (String line : MotoApi.get(endpoint, "/moto-api/recorder/download-recording").split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode entry = parse(line);
            if (target.equalsIgnoreCase(header(entry.path("headers"), "X-Amz-Target"))) {
                bodies.add(parse(body(entry)));
            }
        }
        return bodies;
    }

    private static String header(JsonNode headers, String name) {
        for (Map.Entry<String, JsonNode> header : headers.properties()) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue().asText();
            }
        }
        return "";
    }

    /** moto keeps a body it received as bytes in base64 ({@code body_encoded}). */
    private static String body(JsonNode entry) {
        String body = entry.path("body").asText("");
        return entry.path("body_encoded").asBoolean(false)
                ? new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8) : body;
    }

    private static JsonNode parse(String json) {
        try {
            return json.isBlank() ? JSON.createObjectNode() : JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new DevStackException("moto's recording holds something that is not JSON: " + e.getMessage(), e);
        }
    }
}
