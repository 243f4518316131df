package io.greentrain.energy.tools;

import java.util.Optional;
import java.util.OptionalLong;

import io.greentrain.energy.meter.Nvml;

/**
 * An {@link Nvml} that hides the devices' energy counters, so that an
 * {@link io.greentrain.energy.meter.NvmlMeter} opened on it measures every device by integrating its
 * power: the path the meter takes on GPUs older than Volta, run on a GPU that also has a counter, so
 * the two can be compared on the same window.
 *
 * <p>Does not own the NVML it wraps: {@link #shutdown()} does nothing, and whoever opened the
 * wrapped one shuts it down.
 */
final class PowerOnlyNvml implements Nvml {

    private final Nvml nvml;

    PowerOnlyNvml(Nvml nvml) {
        this.nvml = nvml;
    }

    @Override
    public int deviceCount() {
        return nvml.deviceCount();
    }

    @Override
    public String uuid(int index) {
        return nvml.uuid(index);
    }

    @Override
    public String pciBusId(int index) {
        return nvml.pciBusId(index);
    }

    @Override
    public String name(int index) {
        return nvml.name(index);
    }

    /** Always empty: the counter is hidden. */
    @Override
    public OptionalLong totalEnergyMillijoules(int index) {
        return OptionalLong.empty();
    }

    @Override
    public long powerMilliwatts(int index) {
        return nvml.powerMilliwatts(index);
    }

    @Override
    public Optional<String> driverVersion() {
        return nvml.driverVersion();
    }

    /** Nothing: the wrapped NVML stays open for its owner. */
    @Override
    public void shutdown() {
    }
}
