package dev.hfjobs.submit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.model.JobInfo;
import dev.hfjobs.model.Wire;
import dev.hfjobs.ports.EventPublisher.HfEvent;
import dev.hfjobs.store.TaskTokens;
import java.net.URI;

/** The two events of a submission: {@code HF Job Submitted} and {@code HF Job Submission Failed}. */
public final class SubmitEvents {
    public static final String SUBMITTED = "HF Job Submitted";
    public static final String FAILED = "HF Job Submission Failed";

    private SubmitEvents() {}

    /** A job was created; its id is stable across replays, so consumers can dedupe. */
    public static HfEvent submitted(JobInfo job, URI url, SubmitCommand command, String namespace) {
        ObjectNode detail = Wire.object();
        detail.put("jobId", job.id());
        detail.put("namespace", namespace);
        detail.put("url", url.toString());
        detail.put("source", command.source().label());
        detail.put("idempotencyKey", command.idempotencyKey());
        detail.put("caller", command.caller());
        if (command.taskToken() != null) {
            // Which task waits, for correlation: its fingerprint, never the token.
            detail.put("taskToken", TaskTokens.fingerprint(command.taskToken()));
        }
        detail.set("job", JobViews.job(job, url));
        return new HfEvent(SUBMITTED, job.id() + ":SUBMITTED", detail);
    }

    /**
     * A request could not become a job.
     *
     * @param rejected why
     * @param request the request as received, or null when it was not JSON (secret values are
     *     blanked here)
     */
    static HfEvent failed(SubmitOutcome.Rejected rejected, JsonNode request, Source source, String idempotencyKey,
            String caller) {
        ObjectNode detail = Wire.object();
        detail.put("reason", rejected.reason().code());
        detail.put("message", rejected.message());
        rejected.hubRefusal().ifPresent(http -> detail.put("hubStatus", http.status()));
        ArrayNode list = detail.putArray("problems");
        rejected.problems().forEach(p -> list.addObject().put("field", p.field()).put("rule", p.rule()));
        detail.set("request", JobViews.redactedRequest(request));
        detail.put("source", source.label());
        detail.put("idempotencyKey", idempotencyKey);
        detail.put("caller", caller);
        return new HfEvent(FAILED, "failed:" + source.label() + ":" + idempotencyKey + ":" + rejected.reason().code(),
                detail);
    }
}
