package io.greentrain.energy.meter;

/** How an energy figure was obtained; its {@link #code()} labels every number we report. */
public enum MeasurementMethod {
    /** Read from a hardware energy counter (RAPL, NVML total energy). */
    COUNTER("counter"),
    /** Power readings integrated over time (NVML power on GPUs without an energy counter). */
    POWER_INTEGRATION("power-integration"),
    /** Computed from a documented model (CPU time, allocated memory) where no counter exists. */
    ESTIMATED("estimated");

    private final String code;

    MeasurementMethod(String code) {
        this.code = code;
    }

    /** The stable label: {@code counter}, {@code power-integration} or {@code estimated}. */
    public String code() {
        return code;
    }
}
