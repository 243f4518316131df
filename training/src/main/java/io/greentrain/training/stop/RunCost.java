package io.greentrain.training.stop;

import java.io.Serializable;

/**
 * What some training cost: wall-clock seconds, energy in joules and emissions in gCO2e. Energy and
 * emissions are NaN when nobody measured them (no energy plugin, no carbon accounting).
 */
public record RunCost(double seconds, double joules, double grams) implements Serializable {

    /** Nothing spent yet. */
    public static final RunCost ZERO = new RunCost(0, 0, 0);

    /** The sum of the two costs. */
    public RunCost plus(RunCost other) {
        return new RunCost(seconds + other.seconds, joules + other.joules, grams + other.grams);
    }

    /** This cost {@code factor} times. */
    public RunCost times(double factor) {
        return new RunCost(seconds * factor, joules * factor, grams * factor);
    }

    /** Kilowatt-hours of {@link #joules}. */
    public double kwh() {
        return joules / 3.6e6;
    }
}
