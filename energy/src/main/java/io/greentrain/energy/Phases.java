package io.greentrain.energy;

import org.apache.spark.SparkContext;

/**
 * The phase calls under their first name; {@link io.greentrain.energy.api.Phases} is the API, with scopes and the
 * phase group rule. Every method here does exactly what the one of the same name there does.
 */
public final class Phases {

    /** The Spark local property that holds the current phase. */
    public static final String PHASE_PROPERTY = io.greentrain.energy.api.Phases.PHASE_PROPERTY;

    private Phases() {
    }

    /** See {@link io.greentrain.energy.api.Phases#enter}. */
    public static void enter(SparkContext sc, String phase) {
        io.greentrain.energy.api.Phases.enter(sc, phase);
    }

    /** See {@link io.greentrain.energy.api.Phases#leave}. */
    public static void leave(SparkContext sc) {
        io.greentrain.energy.api.Phases.leave(sc);
    }

    /** See {@link io.greentrain.energy.api.Phases#current}. */
    public static String current(SparkContext sc) {
        return io.greentrain.energy.api.Phases.current(sc);
    }
}
