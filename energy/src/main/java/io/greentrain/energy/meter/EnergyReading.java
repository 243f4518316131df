package io.greentrain.energy.meter;

import java.io.Serializable;
import java.util.Objects;

/**
 * One domain's energy, cumulative since its meter was opened.
 *
 * @param domain         a stable id: {@code cpu-package} (all sockets), {@code dram}, {@code gpu-<uuid>},
 *                       {@code cpu-estimated}, {@code memory-estimated}
 * @param scope          whose energy it is
 * @param method         how it was obtained
 * @param joules         energy since the meter was opened, never decreasing
 * @param monotonicNanos when it was read, on {@link System#nanoTime()}'s clock
 * @param provenance     where the number comes from, in words a person can check: the counter
 *                       files or device, or the model and its coefficients
 */
public record EnergyReading(String domain, Scope scope, MeasurementMethod method, double joules, long monotonicNanos,
                            String provenance) implements Serializable {

    public EnergyReading {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(provenance, "provenance");
        if (!(joules >= 0) || Double.isInfinite(joules)) {
            throw new IllegalArgumentException("cumulative energy must be finite and >= 0, got " + joules);
        }
    }
}
