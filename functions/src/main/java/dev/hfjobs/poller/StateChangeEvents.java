package dev.hfjobs.poller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfjobs.model.JobInfo;
import dev.hfjobs.model.Wire;
import dev.hfjobs.ports.EventPublisher.HfEvent;
import dev.hfjobs.store.JobRecord;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.OptionalLong;

/** {@code HF Job State Change}: one per stage a job reaches; the id is job id + stage. */
public final class StateChangeEvents {
    public static final String STATE_CHANGE = "HF Job State Change";
    public static final String STUCK = "HF Job Stuck In Scheduling";

    private StateChangeEvents() {}

    static HfEvent stateChange(JobRecord record, JobInfo job, OptionalLong costMicroUsd) {
        ObjectNode detail = Wire.object();
        detail.put("jobId", record.jobId());
        detail.put("namespace", record.namespace());
        detail.put("url", record.url());
        detail.put("previousStage", record.stage());
        detail.put("stage", job.stage().value());
        detail.put("terminal", job.stage().isTerminal());
        detail.put("message", job.status().message());
        putTime(detail, "createdAt", job.createdAt() != null ? job.createdAt() : record.submittedAt());
        putTime(detail, "startedAt", job.startedAt());
        putTime(detail, "finishedAt", job.finishedAt());
        detail.set("durations", job.durations() == null ? null : Wire.tree(job.durations()));
        detail.put("flavor", job.flavor() != null ? job.flavor() : record.flavor());
        detail.set("labels", Wire.tree(job.labels().isEmpty() ? record.labels() : job.labels()));
        detail.put("source", record.source());
        detail.put("idempotencyKey", record.idempotencyKey());
        // huggingface_hub 2.0's job fields, when the Hub gave them: where to reach the job, who started it.
        if (!job.status().exposeUrls().isEmpty()) {
            detail.set("exposeUrls", Wire.tree(job.status().exposeUrls()));
        }
        job.status().sshUrlIfAny().ifPresent(ssh -> detail.put("sshUrl", ssh));
        if (job.network() != null) {
            detail.set("network", Wire.tree(job.network()));
        }
        if (job.initiator() != null) {
            detail.set("initiator", Wire.tree(job.initiator()));
        }
        if (costMicroUsd.isPresent()) {
            detail.put("estimatedCostMicroUSD", costMicroUsd.getAsLong());
            detail.put("estimatedCostUSD", BigDecimal.valueOf(costMicroUsd.getAsLong())
                    .divide(BigDecimal.valueOf(1_000_000), 6, RoundingMode.HALF_UP));
        }
        return new HfEvent(STATE_CHANGE, record.jobId() + ":" + job.stage().value(), detail);
    }

    static HfEvent stuck(JobRecord record, Instant since) {
        ObjectNode detail = Wire.object();
        detail.put("jobId", record.jobId());
        detail.put("namespace", record.namespace());
        detail.put("url", record.url());
        detail.put("schedulingSince", since.toString());
        detail.put("action", "canceled");
        return new HfEvent(STUCK, record.jobId() + ":STUCK", detail);
    }

    private static void putTime(ObjectNode node, String name, Instant value) {
        node.put(name, value == null ? null : value.toString());
    }
}
