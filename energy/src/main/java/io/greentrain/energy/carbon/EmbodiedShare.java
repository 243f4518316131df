package io.greentrain.energy.carbon;

/**
 * Embodied emissions charged to a workload for a time window.
 *
 * @param grams  gCO2e, {@code >= 0}
 * @param source the formula with its numbers, and where each input comes from
 */
public record EmbodiedShare(double grams, String source) {

    /** Nothing charged: for entries whose hardware is charged elsewhere (e.g. DRAM, part of the server). */
    public static EmbodiedShare none(String why) {
        return new EmbodiedShare(0, "none: " + why);
    }
}
