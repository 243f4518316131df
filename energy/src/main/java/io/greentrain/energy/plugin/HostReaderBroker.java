package io.greentrain.energy.plugin;

/**
 * Asks the driver whether this process reads its host's counters: an RPC ({@code PluginContext.ask}) from an
 * executor, a direct call for the driver's own sampler.
 */
@FunctionalInterface
interface HostReaderBroker {

    /**
     * The driver's decision on {@code claim}.
     *
     * @throws RuntimeException if the driver cannot be asked; the caller then falls back to the host lock
     */
    HostReaderClaim.Decision claim(HostReaderClaim claim);
}
