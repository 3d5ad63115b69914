package dev.hfjobs.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The made-up log lines and metrics of an emulated job, shaped like the Hub's streams. */
final class JobLogs {

    private JobLogs() {
    }

    /** @return nothing before the job starts; then the Hub's start banner and one line per fact */
    static List<String> lines(JobRecord job) {
        List<String> lines = new ArrayList<>();
        job.startedAt().ifPresent(started -> {
            lines.add("===== Job started at " + Json.timestamp(started) + " =====");
            lines.add("hf-jobs-emulator: " + String.join(" ", job.spec().command()));
            lines.add("hf-jobs-emulator: flavor " + job.spec().flavor());
        });
        job.finishedAt().ifPresent(finished -> lines.add("hf-jobs-emulator: " + job.stage()));
        return lines;
    }

    static Instant at(JobRecord job) {
        return job.finishedAt().or(job::startedAt).orElse(job.createdAt());
    }

    static ObjectNode metric() {
        return Json.object().put("cpu_usage_pct", 0).put("cpu_millicores", 2000).put("memory_used_bytes", 1_306_624)
                .put("memory_total_bytes", 17_179_869_184L).put("rx_bps", 0).put("tx_bps", 0)
                .<ObjectNode>set("gpus", Json.object()).put("replica", "emul8");
    }
}
