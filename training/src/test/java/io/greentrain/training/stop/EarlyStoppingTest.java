package io.greentrain.training.stop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EarlyStoppingTest {

    private static final RunCost EPOCH = new RunCost(10, 1000, 0.1);

    private static StopSettings plateau(int patience, double minImprovement) {
        return new StopSettings("rmse", false, patience, minImprovement, null, false, 0, 0, true);
    }

    private static Optional<StopReason> epoch(EarlyStopping stopping, int epoch, double rmse) {
        return stopping.afterEpoch(epoch, Map.of("rmse", rmse), EPOCH.times(epoch), EPOCH.times(epoch), EPOCH);
    }

    @Test
    void stopsOnACraftedPlateauAfterPatienceEpochsWithoutImprovementAndRemembersTheBestEpoch() {
        EarlyStopping stopping = new EarlyStopping(plateau(2, 0), 10);

        assertThat(epoch(stopping, 1, 30.0)).isEmpty();
        assertThat(epoch(stopping, 2, 25.0)).isEmpty();
        assertThat(stopping.lastWasBest()).isTrue();
        assertThat(epoch(stopping, 3, 26.0)).isEmpty();
        assertThat(stopping.lastWasBest()).isFalse();
        assertThat(epoch(stopping, 4, 25.5)).contains(StopReason.PLATEAU);

        assertThat(stopping.bestEpoch()).isEqualTo(2);
        assertThat(stopping.bestValue()).isEqualTo(25.0);
        assertThat(stopping.stop()).get().extracting(EarlyStopping.Stop::epoch).isEqualTo(4);
        assertThat(stopping.stop().orElseThrow().detail()).contains("did not improve").contains("best 25.0000 at epoch 2");
    }

    @Test
    void improvementsSmallerThanTheMinimumDoNotResetThePatienceButStillMakeTheBestEpoch() {
        EarlyStopping stopping = new EarlyStopping(plateau(2, 1.0), 10);

        epoch(stopping, 1, 30.0);
        assertThat(epoch(stopping, 2, 29.5)).isEmpty();
        assertThat(stopping.lastWasBest()).isTrue();
        assertThat(epoch(stopping, 3, 29.2)).contains(StopReason.PLATEAU);
        assertThat(stopping.bestEpoch()).isEqualTo(3);
    }

    @Test
    void aHigherIsBetterMetricImprovesUpwards() {
        EarlyStopping stopping = new EarlyStopping(new StopSettings("r2", true, 1, 0, null, false, 0, 0, true), 10);

        stopping.afterEpoch(1, Map.of("r2", 0.5), EPOCH, EPOCH, EPOCH);
        assertThat(stopping.afterEpoch(2, Map.of("r2", 0.6), EPOCH, EPOCH, EPOCH)).isEmpty();
        assertThat(stopping.afterEpoch(3, Map.of("r2", 0.55), EPOCH, EPOCH, EPOCH)).contains(StopReason.PLATEAU);
        assertThat(stopping.bestEpoch()).isEqualTo(2);
    }

    @Test
    void stopsAfterTheSecondEpochWhenTheThirdWouldExceedTheEnergyBudget() {
        // 1000 J per epoch: after epoch 2 the run has used 2000 J (plus 300 J before training);
        // 2300 + 1000 forecast for epoch 3 exceeds 3000 J, while after epoch 1, 2300 did not.
        StopSettings budget = new StopSettings("rmse", false, 0, 0, null, false, 3000, 0, true);
        EarlyStopping stopping = new EarlyStopping(budget, 10);
        RunCost beforeTraining = new RunCost(5, 300, 0.03);

        assertThat(stopping.afterEpoch(1, Map.of("rmse", 30.0), EPOCH, beforeTraining.plus(EPOCH), EPOCH)).isEmpty();
        assertThat(stopping.afterEpoch(2, Map.of("rmse", 31.0), EPOCH.times(2), beforeTraining.plus(EPOCH.times(2)),
                EPOCH)).contains(StopReason.ENERGY_BUDGET);

        assertThat(stopping.stop().orElseThrow().epoch()).isEqualTo(2);
        assertThat(stopping.stop().orElseThrow().detail()).contains("forecast for epoch 3").contains("budget");
        assertThat(stopping.bestEpoch()).isEqualTo(1);
    }

    @Test
    void stopsBeforeTheCarbonBudgetIsOvershot() {
        StopSettings budget = new StopSettings("rmse", false, 0, 0, null, false, 0, 0.25, true);
        EarlyStopping stopping = new EarlyStopping(budget, 10);

        assertThat(epoch(stopping, 1, 30.0)).isEmpty();
        assertThat(epoch(stopping, 2, 29.0)).contains(StopReason.CARBON_BUDGET);
    }

    @Test
    void anUnmeasuredCostNeverStopsTheRun() {
        StopSettings budget = new StopSettings("rmse", false, 0, 0, null, false, 1, 1, true);
        EarlyStopping stopping = new EarlyStopping(budget, 10);
        RunCost unmeasured = new RunCost(1, Double.NaN, Double.NaN);

        assertThat(stopping.afterEpoch(1, Map.of("rmse", 1.0), unmeasured, unmeasured, unmeasured)).isEmpty();
    }

    @Test
    void recordsTheFirstEpochThatReachesTheTargetWithTheTrainingCostUntilThenAndStopsWhenAsked() {
        Target target = Target.parse("r2 >= 0.90", java.util.List.of("r2", "rmse"));
        StopSettings settings = new StopSettings("rmse", false, 0, 0, target, true, 0, 0, true);
        EarlyStopping stopping = new EarlyStopping(settings, 10);

        assertThat(stopping.afterEpoch(1, Map.of("rmse", 30.0, "r2", 0.85), EPOCH, EPOCH, EPOCH)).isEmpty();
        assertThat(stopping.afterEpoch(2, Map.of("rmse", 25.0, "r2", 0.91), EPOCH.times(2), EPOCH.times(3), EPOCH))
                .contains(StopReason.TARGET_REACHED);

        EarlyStopping.TargetReached reached = stopping.targetReached().orElseThrow();
        assertThat(reached.epoch()).isEqualTo(2);
        assertThat(reached.value()).isEqualTo(0.91);
        assertThat(reached.cost()).isEqualTo(EPOCH.times(2));
    }

    @Test
    void givesNoReasonAfterTheLastConfiguredEpoch() {
        EarlyStopping stopping = new EarlyStopping(plateau(1, 0), 2);

        epoch(stopping, 1, 10.0);
        assertThat(epoch(stopping, 2, 11.0)).isEmpty();
        assertThat(stopping.stop()).isEmpty();
    }

    @Test
    void refusesAnEpochAfterItStopped() {
        EarlyStopping stopping = new EarlyStopping(plateau(1, 0), 10);
        epoch(stopping, 1, 10.0);
        epoch(stopping, 2, 11.0);

        assertThatThrownBy(() -> epoch(stopping, 3, 9.0)).isInstanceOf(IllegalStateException.class);
    }
}
