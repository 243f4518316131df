package io.greentrain.energy.plugin;

import java.io.Serializable;

/**
 * The message an executor sends the driver (through {@code PluginContext.ask}) to read its host's counters; the
 * driver answers with a {@link Decision} ({@link HostReaders#claim}).
 *
 * @param executorId the executor asking
 * @param identity   what it sees of its real host
 */
record HostReaderClaim(String executorId, HostIdentity identity) implements Serializable {

    /**
     * The driver's answer.
     *
     * @param read   whether the executor asking reads its host's counters now
     * @param reader the host's reader (the asker when {@code read}), or null when the host has none
     */
    record Decision(boolean read, String reader) implements Serializable {
    }
}
