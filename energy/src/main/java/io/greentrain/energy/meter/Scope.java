package io.greentrain.energy.meter;

/** Whose energy a reading covers, which decides how it is shared out. */
public enum Scope {
    /** The whole host (RAPL packages and DRAM): split between the application's executors on the host. */
    HOST,
    /** One process (estimates from its CPU time and memory): charged to that process. */
    PROCESS,
    /** One device assigned to one executor (a GPU): charged wholly to it. */
    DEVICE
}
