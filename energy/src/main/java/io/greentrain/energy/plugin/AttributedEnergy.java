package io.greentrain.energy.plugin;

import io.greentrain.energy.meter.MeasurementMethod;

/**
 * A share of measured energy charged to one executor, phase and domain for one window: the unit
 * the report (and the carbon ledger) adds up.
 *
 * @param executorId        the executor charged
 * @param host              its host
 * @param phase             the phase (a task phase, {@code idle} or {@code unphased})
 * @param domain            the energy domain
 * @param method            how the energy was obtained
 * @param provenance        where the number comes from
 * @param windowStartMillis the window's start, epoch milliseconds
 * @param windowEndMillis   the window's end, epoch milliseconds
 * @param joules            the energy charged
 * @param idle              whether this is idle energy (no task running, or the host's idle share)
 * @param stages            the Spark stage ids of the phase's tasks in the window, comma-separated
 *                          ascending; empty for idle energy
 */
public record AttributedEnergy(String executorId, String host, String phase, String domain, MeasurementMethod method,
                               String provenance, long windowStartMillis, long windowEndMillis, double joules,
                               boolean idle, String stages) {

    /** A share with no stage ids. */
    public AttributedEnergy(String executorId, String host, String phase, String domain, MeasurementMethod method,
                            String provenance, long windowStartMillis, long windowEndMillis, double joules,
                            boolean idle) {
        this(executorId, host, phase, domain, method, provenance, windowStartMillis, windowEndMillis, joules, idle, "");
    }
}
