package io.greentrain.energy.api;

/** Units of the energy and carbon figures: the plugin accounts in joules and grams, reports show kWh and kg. */
public final class EnergyUnits {

    /** Joules in one kilowatt-hour. */
    public static final double JOULES_PER_KWH = 3.6e6;

    /** Grams in one kilogram. */
    public static final double GRAMS_PER_KG = 1000;

    private EnergyUnits() {
    }

    /** {@code joules} in kilowatt-hours. */
    public static double kwh(double joules) {
        return joules / JOULES_PER_KWH;
    }
}
