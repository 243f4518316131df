package io.greentrain.energy.meter;

import java.util.List;

/**
 * Which NVML devices an executor's GPU addresses denote.
 *
 * @param nvmlIndices the devices found, in address order, each once
 * @param problems    one line per address that could not be resolved (or resolved to a device
 *                    already listed); empty when every address was resolved
 */
public record GpuResolution(List<Integer> nvmlIndices, List<String> problems) {

    public GpuResolution {
        nvmlIndices = List.copyOf(nvmlIndices);
        problems = List.copyOf(problems);
    }

    /** Whether every address was resolved to its own device. */
    public boolean isComplete() {
        return problems.isEmpty();
    }
}
