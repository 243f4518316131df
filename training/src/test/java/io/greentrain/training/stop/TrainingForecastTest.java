package io.greentrain.training.stop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingForecastTest {

    @Test
    void afterOneEpochForecastsEveryEpochLikeTheFirst() {
        TrainingForecast forecast = TrainingForecast.of(List.of(new RunCost(12, 600, 0.2)), 50);

        assertThat(forecast.total().seconds()).isEqualTo(600, within(1e-9));
        assertThat(forecast.total().joules()).isEqualTo(30_000, within(1e-9));
        assertThat(forecast.total().grams()).isEqualTo(10, within(1e-9));
    }

    @Test
    void afterSeveralEpochsLeavesTheFirstEpochsStartUpOutOfThePerEpochCost() {
        // Epoch 1 carries 5 s and 250 J of start-up; later epochs cost 10 s and 500 J.
        List<RunCost> observed = List.of(new RunCost(15, 750, 0.3), new RunCost(10, 500, 0.2));
        TrainingForecast forecast = TrainingForecast.of(observed, 50);
        double actualSeconds = 15 + 49 * 10;

        assertThat(forecast.perEpoch()).isEqualTo(new RunCost(10, 500, 0.2));
        assertThat(forecast.total().seconds()).isEqualTo(actualSeconds, within(1e-9));
        assertThat(forecast.total().joules()).isEqualTo(750 + 49 * 500, within(1e-9));
    }

    @Test
    void afterOneEpochLeavesItsMeasuredStartUpOutOfTheEpochsStillToRun() {
        // Epoch 1: 15 s and 750 J, of which 5 s (one third) were start-up; so 10 s and 500 J per later epoch.
        TrainingForecast forecast = TrainingForecast.of(List.of(new RunCost(15, 750, 0.3)), 10.0 / 15, 50);

        assertThat(forecast.perEpoch().seconds()).isEqualTo(10, within(1e-9));
        assertThat(forecast.perEpoch().joules()).isEqualTo(500, within(1e-9));
        assertThat(forecast.total().seconds()).isEqualTo(15 + 49 * 10, within(1e-9));
        assertThat(forecast.total().grams()).isEqualTo(0.3 + 49 * 0.2, within(1e-9));
    }

    @Test
    void onceASecondEpochIsSeenTheFirstEpochsShareNoLongerMatters() {
        List<RunCost> observed = List.of(new RunCost(15, 750, 0.3), new RunCost(11, 550, 0.22));

        assertThat(TrainingForecast.of(observed, 0.5, 50)).isEqualTo(TrainingForecast.of(observed, 50));
    }

    @Test
    void afterThreeEpochsOneMoreCostsTheMeanOfTheTwoAfterTheFirst() {
        List<RunCost> observed = List.of(new RunCost(15, 750, 0.3), new RunCost(12, 600, 0.24),
                new RunCost(10, 500, 0.2));
        TrainingForecast forecast = TrainingForecast.of(observed, 50);

        assertThat(forecast.perEpoch().seconds()).isEqualTo(11, within(1e-9));
        assertThat(forecast.perEpoch().joules()).isEqualTo(550, within(1e-9));
        assertThat(forecast.total().seconds()).isEqualTo(37 + 47 * 11, within(1e-9));
        assertThat(forecast.total().grams()).isEqualTo(0.74 + 47 * 0.22, within(1e-9));
    }

    @Test
    void warmUpEpochsDropOutOnceThreeLaterEpochsAreSeen() {
        // Epochs 2 and 3 are still warming up (14 s, 12 s); epochs 4 to 6 run at the pace that lasts.
        List<RunCost> observed = List.of(new RunCost(20, 1000, 0.4), new RunCost(14, 700, 0.28),
                new RunCost(12, 600, 0.24), new RunCost(10, 500, 0.2), new RunCost(9.8, 490, 0.196),
                new RunCost(10.2, 510, 0.204));
        TrainingForecast forecast = TrainingForecast.of(observed, 20);

        assertThat(forecast.perEpoch()).isEqualTo(new RunCost(10, 500, 0.2));
        assertThat(forecast.total().seconds()).isEqualTo(76 + 14 * 10, within(1e-9));
        assertThat(forecast.total().joules()).isEqualTo(3800 + 14 * 500, within(1e-9));
    }

    @Test
    void oneEpochSlowedByAnotherProcessDoesNotMoveTheForecast() {
        // Epoch 4 ran while something else had the machine: three times as long.
        List<RunCost> observed = List.of(new RunCost(20, 1000, 0.4), new RunCost(10, 500, 0.2),
                new RunCost(30, 1500, 0.6), new RunCost(10.5, 520, 0.21));
        TrainingForecast forecast = TrainingForecast.of(observed, 10);

        assertThat(forecast.perEpoch()).isEqualTo(new RunCost(10.5, 520, 0.21));
        assertThat(forecast.total().seconds()).isEqualTo(70.5 + 6 * 10.5, within(1e-9));
    }

    @Test
    void leavesTheCompilersPartOfEachObservedEpochOutOfTheEpochsStillToRun() {
        // Epoch 1: 15 s, a third of it start-up; epoch 2: 12 s, of which 2 s the JIT compiler's. Steady: 10 s, 500 J.
        List<RunCost> observed = List.of(new RunCost(15, 750, 0.3), new RunCost(12, 600, 0.24));
        TrainingForecast forecast = TrainingForecast.of(observed, List.of(10.0 / 15, 10.0 / 12), 50);

        assertThat(forecast.perEpoch().seconds()).isEqualTo(10, within(1e-9));
        assertThat(forecast.perEpoch().joules()).as("energy taken to scale with the time").isEqualTo(500, within(1e-9));
        assertThat(forecast.total().seconds()).as("the observed epochs count in full").isEqualTo(27 + 48 * 10,
                within(1e-9));
        assertThat(forecast.total().grams()).isEqualTo(0.54 + 48 * 0.2, within(1e-9));
    }

    @Test
    void theMedianIsTakenOfTheEpochsRepeatableCosts() {
        // Epoch 3 compiled for 5 of its 14 s: 9 s to repeat; epochs 2 and 4 repeat all of their 11 and 10 s.
        List<RunCost> observed = List.of(new RunCost(20, 1000, 0.4), new RunCost(11, 550, 0.22),
                new RunCost(14, 700, 0.28), new RunCost(10, 500, 0.2));
        TrainingForecast forecast = TrainingForecast.of(observed, List.of(0.5, 1.0, 9.0 / 14, 1.0), 10);

        assertThat(forecast.perEpoch().seconds()).isEqualTo(10, within(1e-9));
        assertThat(forecast.total().seconds()).isEqualTo(55 + 6 * 10, within(1e-9));
    }

    @Test
    void withEveryShareOneItIsTheForecastOfTheWholeEpochs() {
        List<RunCost> observed = List.of(new RunCost(15, 750, 0.3), new RunCost(12, 600, 0.24),
                new RunCost(10, 500, 0.2));

        assertThat(TrainingForecast.of(observed, List.of(1.0, 1.0, 1.0), 50))
                .isEqualTo(TrainingForecast.of(observed, 50));
    }

    @Test
    void rejectsOneShareTooFewOrAShareOutsideZeroToOne() {
        List<RunCost> observed = List.of(new RunCost(15, 750, 0.3), new RunCost(12, 600, 0.24));

        assertThatIllegalArgumentException().isThrownBy(() -> TrainingForecast.of(observed, List.of(1.0), 50));
        assertThatIllegalArgumentException().isThrownBy(() -> TrainingForecast.of(observed, List.of(1.0, 0.0), 50));
        assertThatIllegalArgumentException().isThrownBy(() -> TrainingForecast.of(observed, List.of(1.0, 1.2), 50));
    }

    @Test
    void rejectsARepeatableShareOutsideZeroToOne() {
        List<RunCost> observed = List.of(new RunCost(15, 750, 0.3));

        assertThatIllegalArgumentException()
                .isThrownBy(() -> TrainingForecast.of(observed, 0, 50));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> TrainingForecast.of(observed, 1.5, 50));
    }

    @Test
    void relativeErrorIsSignedAgainstTheActualFigure() {
        assertThat(TrainingForecast.relativeError(110, 100)).isEqualTo(0.1, within(1e-12));
        assertThat(TrainingForecast.relativeError(90, 100)).isEqualTo(-0.1, within(1e-12));
        assertThat(TrainingForecast.relativeError(1, 0)).isNaN();
    }
}
