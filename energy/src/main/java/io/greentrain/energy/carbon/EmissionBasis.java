package io.greentrain.energy.carbon;

/** Which emissions a carbon intensity counts. Never mix the two in one report. */
public enum EmissionBasis {
    /**
     * Lifecycle: combustion plus upstream fuel supply, plant construction and manufacturing
     * (Electricity Maps "LCA").
     */
    LIFECYCLE,
    /** Direct: combustion at the power plant only (Electricity Maps "direct"); lower than lifecycle. */
    DIRECT
}
