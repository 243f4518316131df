package io.greentrain.energy.meter;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The few NVIDIA Management Library calls the GPU meter needs. Devices are addressed by NVML index
 * ({@code 0 .. deviceCount()-1}, in PCI bus order, the order {@code nvidia-smi} shows), which is not
 * necessarily a CUDA device ordinal (see {@link GpuAddressResolver}).
 *
 * <p>Implementations are thread-safe (NVML itself is). Every call except
 * {@link #totalEnergyMillijoules(int)}'s NOT_SUPPORTED case reports an NVML failure as an
 * {@link NvmlException}.
 */
public interface Nvml {

    /** How many GPUs NVML sees on this host (all of them, not only this process's). */
    int deviceCount();

    /** The device's UUID as NVML prints it, e.g. {@code GPU-8932f937-d72c-4106-c12f-20bd9faed9f6}. */
    String uuid(int index);

    /** The device's PCI bus id, e.g. {@code 00000000:17:00.0}. */
    String pciBusId(int index);

    /** The product name, e.g. {@code NVIDIA H100 80GB HBM3}. */
    String name(int index);

    /**
     * The device's energy counter in millijoules since the driver was last loaded; empty when the
     * device has none (NVML_ERROR_NOT_SUPPORTED: GPUs older than Volta).
     */
    OptionalLong totalEnergyMillijoules(int index);

    /** The device's power draw now, in milliwatts, as its power sensor last measured it. */
    long powerMilliwatts(int index);

    /**
     * The NVIDIA driver's version, e.g. {@code 570.124.06}; empty when the library cannot say (an
     * NVML older than the call, or a stand-in without it). Used in reports, never for measurement.
     */
    default Optional<String> driverVersion() {
        return Optional.empty();
    }

    /** Releases NVML; no call may follow. */
    void shutdown();
}
