package io.greentrain.energy.api;

import io.greentrain.energy.plugin.CarbonTotals;
import io.greentrain.energy.plugin.EnergyAccounting;
import io.greentrain.energy.plugin.EnergyReport;
import java.time.Duration;
import java.util.Optional;
import org.apache.spark.SparkContext;

/**
 * Read-only snapshots of what the energy plugin has accounted for a running application: its energy so far
 * ({@link EnergyReport}) and its emissions so far ({@link CarbonTotals}). Both are immutable values taken when asked
 * for; nothing here changes what the plugin measures or attributes. Driver-only: not meant to be serialized to
 * executors.
 */
public final class ApplicationEnergy {

    private final EnergyAccounting accounting;

    private ApplicationEnergy(EnergyAccounting accounting) {
        this.accounting = accounting;
    }

    /** The energy accounting of {@code sc}'s application, or empty when its driver did not load the plugin. */
    public static Optional<ApplicationEnergy> of(SparkContext sc) {
        return EnergyAccounting.forApplication(sc.applicationId()).map(ApplicationEnergy::new);
    }

    /**
     * The energy so far, per phase, executor, domain and method. Waits up to {@code waitForExecutors} for every
     * executor to send a sample whose window ends now, so that the snapshot covers the work done before this call;
     * takes what has arrived when the wait is over or the thread is interrupted (the interrupt stays set).
     */
    public EnergyReport energy(Duration waitForExecutors) {
        try {
            accounting.awaitSamplesUntil(System.currentTimeMillis(), waitForExecutors.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return accounting.report();
    }

    /**
     * The emissions so far, after recording everything received in the carbon ledger (this writes a ledger segment,
     * so the figures match the ledger); empty when the plugin keeps no carbon accounts for the application.
     */
    public Optional<CarbonTotals> carbon() {
        return accounting.carbonTotals();
    }
}
