package io.greentrain.energy.meter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Maps the GPU addresses Spark assigned to an executor ({@code PluginContext.resources().get("gpu")
 * .addresses()}, e.g. {@code "0"}, {@code "1"}) to NVML device indices.
 *
 * <p>Without {@code CUDA_VISIBLE_DEVICES} an address is an NVML index, which is what Spark's usual
 * discovery script (built on {@code nvidia-smi}) reports. With it, as under YARN or Kubernetes GPU
 * isolation, address {@code i} is the {@code i}-th visible device, and each entry of the variable is
 * <ul>
 *   <li>an integer: taken as an NVML index. CUDA numbers devices fastest-first unless
 *       {@code CUDA_DEVICE_ORDER=PCI_BUS_ID}, while NVML numbers them in PCI order, so on hosts with
 *       mixed GPU models integers are only safe with {@code CUDA_DEVICE_ORDER=PCI_BUS_ID}; UUIDs are
 *       always safe;</li>
 *   <li>{@code GPU-<uuid>}, or a unique prefix of it as CUDA allows: resolved through the UUIDs NVML
 *       reports;</li>
 *   <li>{@code MIG-...}: a MIG instance. It is visible but not resolved: energy is counted per
 *       physical GPU, which its instances share, so it cannot be charged to one executor.</li>
 * </ul>
 * As in CUDA, the first entry that names no device hides it and every entry after it. An address
 * that is itself a {@code GPU-<uuid>} is resolved by UUID in either case.
 *
 * <p>Unresolvable addresses are returned as {@link GpuResolution#problems()}, one line each, so the
 * caller can measure the GPUs it found and report the rest; nothing is thrown for them.
 */
public final class GpuAddressResolver {

    private final List<String> deviceUuids;

    /** @param deviceUuids NVML's device UUIDs, by NVML index */
    GpuAddressResolver(List<String> deviceUuids) {
        this.deviceUuids = List.copyOf(deviceUuids);
    }

    /** Reads every device's UUID from {@code nvml} once. */
    public static GpuAddressResolver forDevicesOf(Nvml nvml) {
        return new GpuAddressResolver(IntStream.range(0, nvml.deviceCount()).mapToObj(nvml::uuid).toList());
    }

    /**
     * Resolves Spark's GPU addresses.
     *
     * @param sparkAddresses     the executor's GPU addresses
     * @param cudaVisibleDevices the executor's {@code CUDA_VISIBLE_DEVICES}, or {@code null} when unset
     */
    public GpuResolution resolve(List<String> sparkAddresses, String cudaVisibleDevices) {
        VisibleDevices visible = cudaVisibleDevices == null ? null : visibleDevices(cudaVisibleDevices);
        List<Integer> indices = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String rawAddress : sparkAddresses) {
            String address = rawAddress.trim();
            Device device = resolveAddress(address, visible);
            if (device.nvmlIndex() < 0) {
                problems.add("GPU address '" + address + "': " + device.problem());
            } else if (indices.contains(device.nvmlIndex())) {
                problems.add("GPU address '" + address + "' is NVML device " + device.nvmlIndex()
                        + " again; counted once");
            } else {
                indices.add(device.nvmlIndex());
            }
        }
        return new GpuResolution(indices, problems);
    }

    private Device resolveAddress(String address, VisibleDevices visible) {
        if (isUuid(address, "GPU-")) {
            return byUuid(address);
        }
        int ordinal = parseIndex(address);
        if (ordinal < 0) {
            return Device.unresolved("neither a device number nor a GPU-<uuid>");
        }
        if (visible == null) {
            return byIndex(address, ordinal);
        }
        if (ordinal >= visible.devices().size()) {
            return Device.unresolved("CUDA_VISIBLE_DEVICES='" + visible.variable() + "' makes "
                    + visible.devices().size() + " device(s) visible" + visible.cutOff());
        }
        return visible.devices().get(ordinal);
    }

    /** The devices CUDA would see, up to the first entry that names none. */
    private VisibleDevices visibleDevices(String cudaVisibleDevices) {
        List<Device> devices = new ArrayList<>();
        if (cudaVisibleDevices.isBlank()) {
            return new VisibleDevices(cudaVisibleDevices, devices, "");
        }
        for (String rawEntry : cudaVisibleDevices.split(",", -1)) {
            String entry = rawEntry.trim();
            if (isUuid(entry, "MIG-")) {
                devices.add(Device.unresolved("MIG instance " + entry
                        + " shares its GPU's energy counter with other instances; not measured per executor"));
                continue;
            }
            Device device = isUuid(entry, "GPU-") ? byUuid(entry) : byIndex(entry, parseIndex(entry));
            if (device.nvmlIndex() < 0) {
                return new VisibleDevices(cudaVisibleDevices, devices,
                        " (entry '" + entry + "' names no device: " + device.problem() + "; it hides the rest)");
            }
            devices.add(device);
        }
        return new VisibleDevices(cudaVisibleDevices, devices, "");
    }

    private static boolean isUuid(String text, String prefix) {
        return text.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    private static int parseIndex(String entry) {
        try {
            return Integer.parseInt(entry);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private Device byIndex(String text, int index) {
        if (index < 0 || index >= deviceUuids.size()) {
            return Device.unresolved("'" + text + "' is not an NVML device index (this host has "
                    + deviceUuids.size() + " GPU(s))");
        }
        return Device.of(index);
    }

    private Device byUuid(String uuidOrPrefix) {
        String wanted = uuidOrPrefix.toLowerCase(Locale.ROOT);
        List<Integer> matches = IntStream.range(0, deviceUuids.size())
                .filter(i -> deviceUuids.get(i).toLowerCase(Locale.ROOT).startsWith(wanted))
                .boxed()
                .toList();
        if (matches.size() == 1) {
            return Device.of(matches.get(0));
        }
        return Device.unresolved(matches.isEmpty() ? "no GPU has UUID " + uuidOrPrefix
                : uuidOrPrefix + " matches " + matches.size() + " GPUs");
    }

    /** An NVML index, or {@code -1} and why there is none. */
    private record Device(int nvmlIndex, String problem) {

        static Device of(int nvmlIndex) {
            return new Device(nvmlIndex, null);
        }

        static Device unresolved(String problem) {
            return new Device(-1, problem);
        }
    }

    /** What {@code CUDA_VISIBLE_DEVICES} makes visible, and why the list stops early if it does. */
    private record VisibleDevices(String variable, List<Device> devices, String cutOff) {
    }
}
