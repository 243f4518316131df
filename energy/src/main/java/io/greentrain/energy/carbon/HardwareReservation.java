package io.greentrain.energy.carbon;

import java.util.Objects;

/**
 * The part of a piece of hardware a workload holds: SCI's "resources reserved" (RR) out of "total
 * resources" (ToR), e.g. 4 of a server's 32 cores, or 1 of 1 GPU.
 *
 * @param hardware the hardware and its embodied emissions
 * @param reserved resources held, {@code 0 <= reserved <= total}
 * @param total    resources the hardware has, {@code > 0}
 * @param unit     what is counted, e.g. {@code "cores"}, for the source text
 */
public record HardwareReservation(EmbodiedHardware hardware, double reserved, double total, String unit) {

    public HardwareReservation {
        Objects.requireNonNull(hardware, "hardware");
        Objects.requireNonNull(unit, "unit");
        if (!(total > 0) || Double.isInfinite(total)) {
            throw new IllegalArgumentException("total resources must be finite and > 0, got " + total);
        }
        if (!(reserved >= 0) || reserved > total) {
            throw new IllegalArgumentException("reserved resources must be between 0 and " + total + " " + unit
                    + ", got " + reserved);
        }
    }

    /** An executor's share of a server: allocated cores out of the server's cores. */
    public static HardwareReservation cores(EmbodiedHardware server, int allocatedCores, int serverCores) {
        return new HardwareReservation(server, allocatedCores, serverCores, "cores");
    }

    /** A whole device, e.g. a GPU assigned to one executor. */
    public static HardwareReservation whole(EmbodiedHardware device) {
        return new HardwareReservation(device, 1, 1, "device");
    }

    /** {@code reserved / total}. */
    public double fraction() {
        return reserved / total;
    }
}
