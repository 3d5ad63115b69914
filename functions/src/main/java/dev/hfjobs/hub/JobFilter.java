package dev.hfjobs.hub;

import dev.hfjobs.model.JobStage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which jobs to list: any of {@code stages} (none = all) and all of {@code labels}.
 *
 * @param stages sent as repeated {@code stage=} (upper case)
 * @param labels sent as repeated {@code label=key=value}
 */
public record JobFilter(Set<JobStage> stages, Map<String, String> labels) {
    /** Every job. */
    public static final JobFilter ALL = new JobFilter(Set.of(), Map.of());

    public JobFilter {
        stages = Set.copyOf(stages);
        labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    /** Whether a job with this stage and these labels passes (for Hubs that ignore filters). */
    public boolean matches(JobStage stage, Map<String, String> jobLabels) {
        return (stages.isEmpty() || stages.contains(stage))
                && labels.entrySet().stream().allMatch(e -> e.getValue().equals(jobLabels.get(e.getKey())));
    }
}
