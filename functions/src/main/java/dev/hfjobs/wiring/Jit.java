package dev.hfjobs.wiring;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

/**
 * What a rehearsal needs to know of this JVM's JIT: after how many calls it compiles a method, and
 * how long it has spent compiling so far, so that a rehearsal can stop once its requests make it
 * compile nothing more ({@link Rehearsal}).
 *
 * @param threshold the calls after which a method is compiled: C1's, scaled by
 *     {@code -XX:CompileThresholdScaling} (10 with the template's flags, 200 without)
 * @param compiledMillis the JIT's total compilation time so far, or -1 when the JVM does not say
 */
record Jit(int threshold, LongSupplier compiledMillis) {
    /** HotSpot's default C1 threshold, assumed when the JVM does not say. */
    static final int DEFAULT_THRESHOLD = 200;

    /** This JVM's; reads the management beans, which only priming loads (never a request's path). */
    static Jit ofThisJvm() {
        CompilationMXBean compilation = ManagementFactory.getCompilationMXBean();
        LongSupplier compiled;
        if (compilation == null) {
            // No JIT (-Xint): nothing will ever be compiled, so nothing is left to wait for.
            compiled = () -> 0;
        } else if (compilation.isCompilationTimeMonitoringSupported()) {
            compiled = compilation::getTotalCompilationTime;
        } else {
            compiled = () -> -1;
        }
        return new Jit(c1Threshold(), compiled);
    }

    private static int c1Threshold() {
        try {
            HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            String option = Boolean.parseBoolean(hotSpot.getVMOption("TieredCompilation").getValue())
                    ? "Tier3InvocationThreshold" : "CompileThreshold";
            int threshold = Integer.parseInt(hotSpot.getVMOption(option).getValue());
            return threshold > 0 ? threshold : DEFAULT_THRESHOLD;
        } catch (RuntimeException | LinkageError e) {
            // Not HotSpot (no such bean or option): assume its default rather than guess lower.
            return DEFAULT_THRESHOLD;
        }
    }
}
