package dev.hfjobs.submit;

import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.model.JobInfo;
import dev.hfjobs.model.Wire;
import dev.hfjobs.store.TaskTokens;
import java.net.URI;

/**
 * How a job and a request are shown outside: answers and events. A job is the Hub's camelCase
 * shape plus {@code url}; secrets appear as names only. A raw request is shown with secret values
 * blanked and cut when huge, since it may be invalid in any way.
 */
public final class JobViews {
    /** What stands in place of a secret value. */
    public static final String REDACTED = "***";
    private static final int MAX_REQUEST_ECHO = 32 * 1024;

    private JobViews() {}

    /** The job as answered and published: the Hub's shape, secret names only, plus its page URL. */
    public static ObjectNode job(JobInfo job, URI url) {
        ObjectNode node = Wire.tree(job);
        node.put("url", url.toString());
        return node;
    }

    /**
     * A request as received, fit for an event: every value under {@code secrets} replaced, and the
     * whole replaced by a note when it is too large to travel in an event.
     */
    public static JsonNode redactedRequest(JsonNode request) {
        if (request == null) {
            return NullNode.getInstance();
        }
        if (!request.isObject()) {
            // Not a request at all (e.g. a request wrapped in an array): its secrets cannot be found
            // to blank, so none of it is echoed.
            return Wire.object().put("omitted", "the request is not a JSON object");
        }
        JsonNode copy = request.deepCopy();
        if (copy instanceof ObjectNode object && object.get(SubmitService.TASK_TOKEN_FIELD) instanceof JsonNode token
                && token.isTextual()) {
            // A task token is a credential for the task: never in an event, only its fingerprint.
            object.put(SubmitService.TASK_TOKEN_FIELD, TaskTokens.fingerprint(token.textValue()));
        }
        if (copy instanceof ObjectNode object && object.has("secrets")) {
            JsonNode secrets = object.get("secrets");
            if (secrets instanceof ObjectNode named) {
                named.properties().forEach(entry -> entry.setValue(TextNode.valueOf(REDACTED)));
            } else {
                object.put("secrets", REDACTED);
            }
        }
        if (Wire.write(copy).length() > MAX_REQUEST_ECHO) {
            ObjectNode note = Wire.object();
            note.put("omitted", "request larger than " + MAX_REQUEST_ECHO + " characters");
            return note;
        }
        return copy;
    }
}
