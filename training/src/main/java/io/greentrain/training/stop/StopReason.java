package io.greentrain.training.stop;

/** Why a training run ended before its configured epochs. */
public enum StopReason {
    /** The monitored validation metric did not improve enough for {@code patience} epochs. */
    PLATEAU("plateau"),
    /** The validation metric reached the target. */
    TARGET_REACHED("target-reached"),
    /** The energy spent so far plus the next epoch's forecast would exceed the energy budget. */
    ENERGY_BUDGET("energy-budget"),
    /** The emissions so far plus the next epoch's forecast would exceed the carbon budget. */
    CARBON_BUDGET("carbon-budget");

    private final String code;

    StopReason(String code) {
        this.code = code;
    }

    /** The name in {@code summary.json} and the ledger, e.g. {@code energy-budget}. */
    public String code() {
        return code;
    }
}
