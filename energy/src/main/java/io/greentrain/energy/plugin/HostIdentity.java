package io.greentrain.energy.plugin;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which machine this process runs on, as one string that every process of the machine agrees on.
 * Spark's own host names cannot serve: the same machine may be {@code localhost} to an executor
 * and {@code 127.0.0.1} to the driver, or a different pod name in every container. The kernel's
 * boot id is shared by all processes and containers of one running machine, which is exactly the
 * reach of its RAPL counters; where it cannot be read, the OS host name is used.
 */
final class HostIdentity {

    private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");

    private HostIdentity() {
    }

    static String current() {
        return of(BOOT_ID);
    }

    static String of(Path bootIdFile) {
        try {
            String bootId = Files.readString(bootIdFile).trim();
            if (!bootId.isEmpty()) {
                return "boot:" + bootId;
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or /proc hidden: fall back to the host name.
        }
        try {
            return "name:" + InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "name:unknown";
        }
    }
}
