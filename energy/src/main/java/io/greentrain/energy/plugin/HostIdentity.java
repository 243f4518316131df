package io.greentrain.energy.plugin;

import java.io.IOException;
import java.io.Serializable;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a process can tell about the machine it runs on: the kernel's boot id, its host name and the host-wide
 * counters it can see. Sent to the driver, which decides from it which executor reads each machine's counters
 * ({@link HostReaders}).
 *
 * <p>Spark's own host names cannot identify a machine: the same machine may be {@code localhost} to an executor and
 * {@code 127.0.0.1} to the driver, and every YARN container or pod may have a host name of its own. The boot id is
 * shared by all processes and containers of one running machine, which is exactly the reach of its RAPL counters, so
 * {@link #hostId()} is the boot id where it can be read and the host name only where it cannot.
 *
 * @param bootId   {@code /proc/sys/kernel/random/boot_id}, or null when it cannot be read (not Linux, /proc hidden)
 * @param hostName the OS host name (in a container: the container's)
 * @param counters the host-wide counters this process can read (e.g. {@code rapl /sys/class/powercap}); empty when
 *                 it can read none, and then it cannot be its host's reader
 */
record HostIdentity(String bootId, String hostName, Set<String> counters) implements Serializable {

    /** Where Linux publishes the boot id. */
    static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");

    HostIdentity {
        counters = Set.copyOf(new TreeSet<>(counters));
    }

    /** The machine, as one string every process of it agrees on: {@code boot:<id>}, else {@code name:<host>}. */
    String hostId() {
        return bootId != null ? "boot:" + bootId : "name:" + hostName;
    }

    /** This process's identity, read from {@link #BOOT_ID} and the OS. */
    static HostIdentity current(Set<String> counters) {
        return of(BOOT_ID, localHostName(), counters);
    }

    /** The identity with the boot id read from {@code bootIdFile} (tests give their own file). */
    static HostIdentity of(Path bootIdFile, String hostName, Set<String> counters) {
        return new HostIdentity(readBootId(bootIdFile), hostName, counters);
    }

    /** {@link #hostId()} of this process, whatever it can see. */
    static String current() {
        return current(Set.of()).hostId();
    }

    private static String readBootId(Path bootIdFile) {
        try {
            String bootId = Files.readString(bootIdFile).trim();
            return bootId.isEmpty() ? null : bootId;
        } catch (IOException | RuntimeException e) {
            // Not Linux, or /proc hidden: the host name stands in.
            return null;
        }
    }

    static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
