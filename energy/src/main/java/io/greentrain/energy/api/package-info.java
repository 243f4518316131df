/**
 * What an application needs from the energy plugin, and all it should use: {@link io.greentrain.energy.api.Phases}
 * to say which phase runs (and {@link io.greentrain.energy.api.Phases#group} to fold phases to their step),
 * {@link io.greentrain.energy.api.Work} to record the work a phase did, {@link io.greentrain.energy.api.ApplicationEnergy}
 * for a read-only snapshot of the energy and emissions accounted so far, and the shared definitions of the reports:
 * {@link io.greentrain.energy.api.EnergyUnits} and {@link io.greentrain.energy.api.DeviceClass}.
 *
 * <p>The plugin itself is attached with {@code --conf spark.plugins=io.greentrain.energy.EnergyPlugin}; everything
 * outside this package and the ledger format ({@link io.greentrain.energy.ledger.LedgerFormat}) is the plugin's
 * implementation and may change.
 */
package io.greentrain.energy.api;
