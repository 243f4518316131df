package io.greentrain.energy.api;

import java.util.List;

/**
 * The class of an energy device (a meter's domain, a ledger entry's {@code device}) in CodeCarbon's terms. The rule,
 * defined here once: {@code cpu-package} and {@code cpu-estimated} are {@link #CPU}; {@code dram} and
 * {@code memory-estimated} are {@link #RAM}; {@code gpu-<uuid>} is {@link #GPU}; anything else is {@link #OTHER}.
 * Code that classifies devices with another engine (a Spark column, say) builds its expression from
 * {@link #devices()} and {@link #prefix()}.
 */
public enum DeviceClass {
    CPU("cpu", List.of("cpu-package", "cpu-estimated"), null),
    RAM("ram", List.of("dram", "memory-estimated"), null),
    GPU("gpu", List.of(), "gpu-"),
    OTHER("other", List.of(), null);

    /** Devices whose energy is an estimate for one process rather than a reading of a whole host or device. */
    public static final List<String> PROCESS_ESTIMATE_DEVICES = List.of("cpu-estimated", "memory-estimated");

    /** {@link #values()} once: the driver classifies thousands of devices a second, and values() copies. */
    private static final DeviceClass[] ALL = values();

    private final String code;
    private final List<String> devices;
    private final String prefix;

    DeviceClass(String code, List<String> devices, String prefix) {
        this.code = code;
        this.devices = devices;
        this.prefix = prefix;
    }

    /** The class of {@code device}; {@link #OTHER} for null or an unknown device. */
    public static DeviceClass of(String device) {
        if (device == null) {
            return OTHER;
        }
        for (DeviceClass candidate : ALL) {
            if (candidate.devices.contains(device) || (candidate.prefix != null && device.startsWith(candidate.prefix))) {
                return candidate;
            }
        }
        return OTHER;
    }

    /** The name reports use: {@code cpu}, {@code ram}, {@code gpu} or {@code other}. */
    public String code() {
        return code;
    }

    /** The device names of this class, exactly; empty for a class known by a prefix or for {@link #OTHER}. */
    public List<String> devices() {
        return devices;
    }

    /** The prefix of the device names of this class ({@code gpu-} for {@link #GPU}), or null. */
    public String prefix() {
        return prefix;
    }
}
