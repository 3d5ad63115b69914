package dev.hfjobs.submit;

import dev.hfjobs.Deadline;
import dev.hfjobs.hardware.Catalog;
import dev.hfjobs.hardware.CatalogSource;
import dev.hfjobs.model.Hardware;
import dev.hfjobs.model.JobSpec;
import dev.hfjobs.model.Problem;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;

/**
 * What the catalog says about a job before it is posted: its flavor must exist, and, when
 * {@code MAX_JOB_COST_USD} is set, its worst case (the timeout, or the Hub's default 30 minutes,
 * at the flavor's price) must not exceed it. Without a catalog the flavor is left to the Hub, but
 * a cost limit cannot be checked, so the request waits.
 */
public final class SubmitPolicy {
    /** The Hub stops a job after this long when no timeout is given. */
    static final long DEFAULT_TIMEOUT_SECONDS = 30 * 60;

    private final CatalogSource catalog;
    private final BigDecimal maxCostUsd;

    /** What the policy says about a spec. */
    sealed interface Verdict {
        record Allowed() implements Verdict {}

        record Refused(SubmitOutcome.Reason reason, List<Problem> problems) implements Verdict {}

        record CannotTell(String reason) implements Verdict {}
    }

    /**
     * @param catalog where the catalog comes from
     * @param maxCostUsd the most a job may cost at worst, or null for no limit
     */
    public SubmitPolicy(CatalogSource catalog, BigDecimal maxCostUsd) {
        this.catalog = catalog;
        this.maxCostUsd = maxCostUsd;
    }

    Verdict check(JobSpec spec, String timeoutField, Deadline deadline) {
        Optional<Catalog> known = catalog.current(deadline);
        if (known.isEmpty()) {
            return maxCostUsd == null ? new Verdict.Allowed()
                    : new Verdict.CannotTell("the hardware catalog is unavailable, so MAX_JOB_COST_USD cannot be checked");
        }
        Optional<Hardware> flavor = known.get().flavor(spec.flavor());
        if (flavor.isEmpty()) {
            return new Verdict.Refused(SubmitOutcome.Reason.INVALID_REQUEST, List.of(new Problem("flavor",
                    "is not a flavor of the Hub's catalog; valid: " + String.join(", ", known.get().names()))));
        }
        return maxCostUsd == null ? new Verdict.Allowed() : costCheck(spec, flavor.get(), timeoutField);
    }

    private Verdict costCheck(JobSpec spec, Hardware flavor, String timeoutField) {
        long seconds = spec.timeout().orElse(DEFAULT_TIMEOUT_SECONDS);
        BigDecimal worst = BigDecimal.valueOf(flavor.costMicroUsd(seconds)).movePointLeft(6);
        if (worst.compareTo(maxCostUsd) <= 0) {
            return new Verdict.Allowed();
        }
        return new Verdict.Refused(SubmitOutcome.Reason.OVER_COST_LIMIT, List.of(new Problem(timeoutField, "makes the worst-case cost " + worst.setScale(2,
                RoundingMode.UP) + " USD (" + seconds + " s of " + flavor.name() + "), above MAX_JOB_COST_USD "
                + maxCostUsd.toPlainString() + "; shorten the timeout or pick a cheaper flavor")));
    }
}
