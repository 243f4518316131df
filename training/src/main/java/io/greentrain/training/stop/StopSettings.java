package io.greentrain.training.stop;

import java.io.Serializable;

/**
 * When a training run stops before its configured epochs, and which network it keeps.
 *
 * @param monitored      the validation metric whose improvement counts for the plateau and for the
 *                       best network (e.g. {@code rmse}); lower is better unless {@code higherIsBetter}
 * @param higherIsBetter whether a larger {@code monitored} value is better ({@code r2})
 * @param patience       epochs without an improvement of at least {@code minImprovement} before
 *                       the run stops; 0 never stops on a plateau
 * @param minImprovement the smallest change of {@code monitored} that counts as an improvement
 * @param target         the quality to reach (time and energy to it are recorded); null for none
 * @param stopOnTarget   whether reaching {@code target} ends the run
 * @param budgetJoules   the energy the run may use; the run stops when what it used plus the next
 *                       epoch's forecast would exceed it; 0 for no budget
 * @param budgetGrams    the same for emissions, gCO2e; 0 for no budget
 * @param restoreBest    whether the run keeps the network of its best validated epoch rather than
 *                       its last
 */
public record StopSettings(String monitored, boolean higherIsBetter, int patience, double minImprovement,
                           Target target, boolean stopOnTarget, double budgetJoules, double budgetGrams,
                           boolean restoreBest) implements Serializable {

    public StopSettings {
        if (patience < 0) {
            throw new IllegalArgumentException("patience must not be negative, got " + patience);
        }
        if (minImprovement < 0) {
            throw new IllegalArgumentException("the minimum improvement must not be negative, got " + minImprovement);
        }
        if (budgetJoules < 0 || budgetGrams < 0) {
            throw new IllegalArgumentException("budgets must not be negative");
        }
        if (stopOnTarget && target == null) {
            throw new IllegalArgumentException("stopping on the target needs a target");
        }
    }

    /** No early stop, no target, no budget; the best validated network is kept. */
    public static StopSettings none(String monitored, boolean higherIsBetter) {
        return new StopSettings(monitored, higherIsBetter, 0, 0, null, false, 0, 0, true);
    }

    /** Whether any budget is set. */
    public boolean hasBudget() {
        return budgetJoules > 0 || budgetGrams > 0;
    }
}
