package dev.hfjobs.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One sample of {@code GET /api/jobs/{ns}/{id}/metrics}, sent as {@code event: metric} with the
 * keys huggingface_hub reads ({@code cpu_usage_pct}, {@code cpu_millicores}, {@code memory_used_bytes},
 * {@code memory_total_bytes}, {@code rx_bps}, {@code tx_bps}, {@code gpus}, {@code replica}).
 *
 * @param cpuUsagePct      CPU use, in percent of {@code cpuMillicores}
 * @param cpuMillicores    the CPU the job has, in thousandths of a vCPU
 * @param memoryUsedBytes  memory in use
 * @param memoryTotalBytes memory the job has
 * @param rxBps            network bits received per second
 * @param txBps            network bits sent per second
 * @param gpus             by GPU id (the Hub uses 8 hex digits); empty for CPU flavors
 * @param replica          the replica that measured it, e.g. {@code 57vr7}
 */
public record MetricSample(int cpuUsagePct, long cpuMillicores, long memoryUsedBytes, long memoryTotalBytes,
                           long rxBps, long txBps, Map<String, Gpu> gpus, String replica) {

    private static final long GIB = 1L << 30;
    private static final Pattern LEADING_NUMBER = Pattern.compile("^\\s*(\\d+)");

    public MetricSample {
        gpus = OrderedMaps.copyOf(gpus);
        Objects.requireNonNull(replica, "replica");
    }

    /**
     * One GPU of a sample.
     *
     * @param utilization      in percent
     * @param memoryUsedBytes  GPU memory in use
     * @param memoryTotalBytes GPU memory it has
     */
    public record Gpu(int utilization, long memoryUsedBytes, long memoryTotalBytes) {
    }

    /** @return the sample in the Hub's wire form, keys in the Hub's order */
    ObjectNode toJson() {
        ObjectNode node = Json.object().put("cpu_usage_pct", cpuUsagePct).put("cpu_millicores", cpuMillicores)
                .put("memory_used_bytes", memoryUsedBytes).put("memory_total_bytes", memoryTotalBytes)
                .put("rx_bps", rxBps).put("tx_bps", txBps);
        ObjectNode gpuNodes = node.putObject("gpus");
        gpus.forEach((id, gpu) -> gpuNodes.putObject(id).put("utilization", gpu.utilization())
                .put("memory_used_bytes", gpu.memoryUsedBytes()).put("memory_total_bytes", gpu.memoryTotalBytes()));
        return node.put("replica", replica);
    }

    /**
     * @param flavor the job's hardware, when the catalog still has it: CPUs, memory and GPUs follow it
     * @param n      the number of the sample on its connection, so successive samples differ a little
     * @return a made-up but plausible sample of a running job
     */
    static MetricSample simulated(JobRecord job, Optional<Hardware> flavor, long n) {
        long memory = flavor.map(hardware -> leading(hardware.ram(), 16) * GIB).orElse(16 * GIB);
        long cpus = flavor.map(hardware -> leading(hardware.cpu(), 2)).orElse(2L);
        Map<String, Gpu> gpus = new LinkedHashMap<>();
        flavor.flatMap(Hardware::accelerator).ifPresent(gpu -> {
            long count = Math.max(1, leading(gpu.quantity(), 1));
            // The catalog's vram is the flavor's total: each GPU has its share.
            long vram = leading(gpu.vram(), 16) * 1_000_000_000L / count;
            for (int i = 0; i < count; i++) {
                int utilization = (int) ((40 + 17 * n + 7L * i) % 60 + 30);
                gpus.put(Ids.stable(job.id() + ":gpu" + i).substring(0, 8), new Gpu(utilization, vram / 3, vram));
            }
        });
        return new MetricSample((int) (20 + 13 * n % 60), cpus * 1000, memory * (10 + n % 20) / 100, memory,
                1_000 * (n % 5), 500 * (n % 3), gpus, job.id().substring(19));
    }

    private static long leading(String text, long fallback) {
        Matcher matcher = LEADING_NUMBER.matcher(text == null ? "" : text);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : fallback;
    }
}
