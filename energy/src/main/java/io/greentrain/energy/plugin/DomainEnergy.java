package io.greentrain.energy.plugin;

import io.greentrain.energy.meter.MeasurementMethod;
import io.greentrain.energy.meter.Scope;
import java.io.Serializable;

/**
 * Energy one domain used during one sample's window.
 *
 * @param domain     e.g. {@code cpu-package}, {@code dram}, {@code gpu-<uuid>}, {@code cpu-estimated}
 * @param scope      whose energy it is (decides how the driver shares it out)
 * @param method     how it was obtained
 * @param joules     energy in the window, {@code >= 0}
 * @param provenance where the number comes from (counter files, device, or model and coefficients)
 */
public record DomainEnergy(String domain, Scope scope, MeasurementMethod method, double joules, String provenance)
        implements Serializable {
}
