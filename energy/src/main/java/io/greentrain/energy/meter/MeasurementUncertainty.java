package io.greentrain.energy.meter;

/**
 * How sure a window's energy number is, as a relative uncertainty (0.02 means ±2%), from how the number was
 * obtained and how long its window was. Each ledger entry carries it, so that a reader can tell a one-second
 * counter window from a ten-millisecond one and a counter from an estimate.
 *
 * <p>The formula, per {@link MeasurementMethod}:
 * <ul>
 *   <li><b>counter</b>: {@code a + 2q / E + 2u / T}, where {@code E} is the window's energy (J), {@code T} its length
 *       (s), {@code q} the counter's quantum (J: a window's energy is the difference of two readings, each off by up
 *       to one quantum), {@code u} the counter's update period (s: each reading can be up to one period stale, so
 *       either end of the window may be misplaced by that much) and {@code a} the vendor's stated accuracy of the
 *       counter itself. RAPL ({@code intel-rapl} powercap): {@code q} = 2^-14 J (61 µJ, the coarsest energy status
 *       unit of current server parts), {@code u} = 1 ms (Intel SDM: the status registers update about every
 *       millisecond), {@code a} = 0 (no figure is stated). {@code amd_energy}: {@code q} = 2^-16 J (15.3 µJ), {@code u}
 *       = 1 ms, {@code a} = 0. NVML total energy: {@code q} = 1 mJ (the counter's unit), {@code u} = 100 ms (typical
 *       of the counter's observed update period; {@code nvml-check} measures it per device), {@code a} = 5% (NVIDIA's
 *       stated accuracy of its power readings).</li>
 *   <li><b>power-integration</b> (NVML power sampled and integrated): {@code a + 2u / T} with {@code a} = 5% and
 *       {@code u} = 100 ms, the power reading's update period: the integral misses at most one period at each end.</li>
 *   <li><b>estimated</b>: the model's stated error band, {@value #ESTIMATE_BAND} (±50%), whatever the window: the
 *       Cloud Carbon Footprint coefficients the CPU-time and memory models use are averages over processor families
 *       and memory types, and a core's power between its idle and full figures (0.74-3.5 W by default) varies by a
 *       factor of almost five, so no narrower band is claimed.</li>
 * </ul>
 * The result is capped at 1 (±100%): an energy is never negative. A share of a host counter split among executors
 * by CPU time keeps the counter's terms computed on the share's own energy, which overstates the quantum term (a
 * bound, not an estimate); the split itself (CPU time as a proxy for power) adds an error that no formula here
 * claims to know.
 *
 * <p>Stateless and thread-safe.
 */
public final class MeasurementUncertainty {

    /** The stated error band of every estimating model: ±50%. */
    public static final double ESTIMATE_BAND = 0.5;

    /** RAPL's quantum: the energy status unit of 2^-14 J. */
    static final double RAPL_QUANTUM_JOULES = Math.scalb(1.0, -14);

    /** {@code amd_energy}'s quantum: 2^-16 J. */
    static final double AMD_ENERGY_QUANTUM_JOULES = Math.scalb(1.0, -16);

    /** RAPL's and {@code amd_energy}'s update period: about one millisecond. */
    static final double RAPL_UPDATE_SECONDS = 0.001;

    /** The NVML energy counter's unit: one millijoule. */
    static final double NVML_QUANTUM_JOULES = 0.001;

    /** The update period assumed for NVML's energy counter and power reading. */
    static final double NVML_UPDATE_SECONDS = 0.1;

    /** NVIDIA's stated accuracy of its power readings: ±5%. */
    static final double NVML_ACCURACY = 0.05;

    private MeasurementUncertainty() {
    }

    /**
     * The relative uncertainty of {@code joules} measured on {@code device} by {@code method} over a window of
     * {@code windowMillis}; see the class comment for the formula.
     *
     * @param device       the energy domain: {@code cpu-package} and {@code dram} (host counters), {@code gpu-...}
     * @param provenance   the number's provenance; an {@code amd_energy} counter's starts with {@code amd_energy}
     * @param joules       the window's energy, {@code >= 0}
     * @param windowMillis the window's length
     * @return a fraction in [0, 1]
     */
    public static double relative(String device, MeasurementMethod method, String provenance, double joules,
                                  long windowMillis) {
        double seconds = Math.max(windowMillis, 0) / 1000.0;
        double relative = switch (method) {
            case ESTIMATED -> ESTIMATE_BAND;
            case POWER_INTEGRATION -> NVML_ACCURACY + timing(NVML_UPDATE_SECONDS, seconds);
            case COUNTER -> {
                boolean gpu = device.startsWith("gpu");
                boolean amd = provenance != null && provenance.startsWith("amd_energy");
                double quantum = gpu ? NVML_QUANTUM_JOULES : amd ? AMD_ENERGY_QUANTUM_JOULES : RAPL_QUANTUM_JOULES;
                double update = gpu ? NVML_UPDATE_SECONDS : RAPL_UPDATE_SECONDS;
                double quantumTerm = joules > 0 ? 2 * quantum / joules : 1;
                yield (gpu ? NVML_ACCURACY : 0) + quantumTerm + timing(update, seconds);
            }
        };
        return Math.min(1, relative);
    }

    /** {@code 2u / T}: a stale reading at either end of the window; all of it for a window shorter than that. */
    private static double timing(double updateSeconds, double windowSeconds) {
        return windowSeconds > 0 ? 2 * updateSeconds / windowSeconds : 1;
    }

    /**
     * The energy-weighted mean of relative uncertainties, given as the sums over entries of {@code relative x joules}
     * and of {@code joules}: the overall relative uncertainty of a total when each entry's error may add up with the
     * others' (a bound: independent errors such as quantisation partly cancel). NaN without energy.
     */
    public static double overall(double uncertainJoules, double joules) {
        return joules > 0 ? uncertainJoules / joules : Double.NaN;
    }
}
