package io.greentrain.energy.plugin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The host's CPU busy fraction between two reads of {@code /proc/stat}'s aggregate {@code cpu}
 * line: busy = total - idle - iowait. Used to separate a host's active energy from its idle energy
 * (Kepler's model). Where {@code /proc/stat} cannot be read, the ratio is NaN and the caller treats
 * the whole host energy as active.
 */
final class HostCpuStat {

    private final Path procStat;
    private long lastTotal = -1;
    private long lastIdle;

    HostCpuStat(Path procStat) {
        this.procStat = procStat;
    }

    /** The busy fraction since the previous call (NaN on the first call or when unreadable). */
    double busyRatioSinceLastRead() {
        long[] now = read();
        if (now == null) {
            return Double.NaN;
        }
        double ratio = Double.NaN;
        if (lastTotal >= 0 && now[0] > lastTotal) {
            double total = now[0] - lastTotal;
            double idle = now[1] - lastIdle;
            ratio = Math.min(1.0, Math.max(0.0, (total - idle) / total));
        }
        lastTotal = now[0];
        lastIdle = now[1];
        return ratio;
    }

    /** {total, idle+iowait} jiffies, or null. */
    private long[] read() {
        try {
            List<String> lines = Files.readAllLines(procStat);
            for (String line : lines) {
                if (line.startsWith("cpu ")) {
                    String[] fields = line.trim().split("\\s+");
                    long total = 0;
                    // user nice system idle iowait irq softirq steal (guest time is already in user).
                    for (int i = 1; i < Math.min(fields.length, 9); i++) {
                        total += Long.parseLong(fields[i]);
                    }
                    long idle = Long.parseLong(fields[4]) + (fields.length > 5 ? Long.parseLong(fields[5]) : 0);
                    return new long[] {total, idle};
                }
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
