package io.greentrain.training.stop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.greentrain.training.EpochStats;
import io.greentrain.training.NetworkSpec;
import io.greentrain.training.RegressionNetworks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingMonitorTest {

    /** 100 s and 1000 J per epoch; 0.5 g; the run spent 200 J before training. */
    private static final class FixedCosts implements EpochCosts {
        double trainingJoules;

        @Override
        public RunCost epoch(int epoch, double seconds) {
            trainingJoules += 1000;
            return new RunCost(seconds, 1000, 0.5);
        }

        @Override
        public RunCost run(double seconds) {
            return new RunCost(seconds, 200 + trainingJoules, 0.02 + trainingJoules / 2000);
        }

        @Override
        public boolean estimated() {
            return true;
        }
    }

    /**
     * A meter whose samples lag: 1000 J per epoch, of which only 400 J have arrived when the epoch ends unless one
     * waits; a wait brings every epoch so far in full. Counts the waits.
     */
    private static final class LaggingCosts implements EpochCosts {
        int waits;
        int completeUpTo;

        @Override
        public RunCost epoch(int epoch, double seconds) {
            waits++;
            completeUpTo = epoch;
            return epochAsLastRead(epoch, seconds);
        }

        @Override
        public RunCost epochSoFar(int epoch, double seconds) {
            return epochAsLastRead(epoch, seconds);
        }

        @Override
        public RunCost epochAsLastRead(int epoch, double seconds) {
            return new RunCost(seconds, epoch <= completeUpTo ? 1000 : 400, Double.NaN);
        }

        @Override
        public RunCost run(double seconds) {
            return new RunCost(seconds, Double.NaN, Double.NaN);
        }

        @Override
        public boolean estimated() {
            return false;
        }
    }

    @Test
    void waitsForAnEpochsMeasurementsOnlyWhenADecisionNeedsThemAndCompletesTheRestOnceAfterTraining() {
        LaggingCosts costs = new LaggingCosts();
        TrainingMonitor monitor = new TrainingMonitor(StopSettings.none("rmse", false), 5, 2,
                (stats, network) -> Map.of(), costs, line -> { });
        MultiLayerNetwork network = networkWithSeed(1);

        monitor.onEpochEnd(new EpochStats(1, 0.5, 10, 64), network);
        assertThat(costs.waits).as("no budget, no target, not the forecast's epoch").isZero();
        monitor.onEpochEnd(new EpochStats(2, 0.5, 10, 64), network);
        assertThat(costs.waits).as("the forecast's epoch").isEqualTo(1);
        assertThat(monitor.forecast().orElseThrow().total().joules()).as("epoch 1 completed before forecasting")
                .isEqualTo(5000);
        monitor.onEpochEnd(new EpochStats(3, 0.5, 10, 64), network);
        monitor.onEpochEnd(new EpochStats(4, 0.5, 10, 64), network);
        assertThat(costs.waits).isEqualTo(1);

        assertThat(monitor.records()).extracting(record -> record.cost().joules())
                .containsExactly(1000.0, 1000.0, 1000.0, 1000.0);
        assertThat(monitor.records().get(3).trainingSoFar().joules()).isEqualTo(4000);
        assertThat(monitor.actual().joules()).isEqualTo(4000);
        assertThat(costs.waits).as("one wait after training, however often the figures are read").isEqualTo(2);
    }

    @Test
    void waitsOnceForTheEpochThatFirstReachesTheTargetSoItsCostToTargetIsComplete() {
        LaggingCosts costs = new LaggingCosts();
        List<Double> rmse = List.of(5.0, 4.0, 2.0, 1.0);
        StopSettings settings = new StopSettings("rmse", false, 0, 0, new Target("rmse", false, 3), false, 0, 0,
                false);
        TrainingMonitor monitor = new TrainingMonitor(settings, 10, 9,
                (stats, network) -> Map.of("rmse", rmse.get(stats.epoch() - 1)), costs, line -> { });

        for (int epoch = 1; epoch <= 4; epoch++) {
            monitor.onEpochEnd(new EpochStats(epoch, 0.5, 10, 64), networkWithSeed(1));
        }

        assertThat(costs.waits).as("epoch 3 only").isEqualTo(1);
        EarlyStopping.TargetReached reached = monitor.stopping().targetReached().orElseThrow();
        assertThat(reached.epoch()).isEqualTo(3);
        assertThat(reached.cost().joules()).as("epochs 1 to 3 in full").isEqualTo(3000);
    }

    @Test
    void waitsEveryEpochWhileABudgetIsChecked() {
        LaggingCosts costs = new LaggingCosts();
        TrainingMonitor monitor = new TrainingMonitor(new StopSettings("rmse", false, 0, 0, null, false, 1e9, 0, false),
                5, 1, (stats, network) -> Map.of(), costs, line -> { });

        for (int epoch = 1; epoch <= 3; epoch++) {
            monitor.onEpochEnd(new EpochStats(epoch, 0.5, 10, 64), networkWithSeed(1));
        }

        assertThat(costs.waits).isEqualTo(3);
    }

    private static MultiLayerNetwork networkWithSeed(long seed) {
        return RegressionNetworks.build(new NetworkSpec(List.of(3), "relu", 0.01, 0, seed), 2);
    }

    @Test
    void onABudgetTheThirdEpochWouldExceedStopsAfterTheSecondAndKeepsTheBestValidatedNetwork() {
        List<Double> rmse = List.of(30.0, 32.0, 20.0);
        StopSettings settings = new StopSettings("rmse", false, 0, 0, null, false, 2800, 0, true);
        List<String> lines = new ArrayList<>();
        TrainingMonitor monitor = new TrainingMonitor(settings, 10, 1,
                (stats, network) -> Map.of("rmse", rmse.get(stats.epoch() - 1)), new FixedCosts(), lines::add);
        MultiLayerNetwork first = networkWithSeed(1);
        MultiLayerNetwork second = networkWithSeed(2);

        monitor.onEpochEnd(new EpochStats(1, 0.5, 100, 64), first);
        assertThat(monitor.stopRequested()).isFalse();
        monitor.onEpochEnd(new EpochStats(2, 0.4, 100, 64), second);

        assertThat(monitor.stopRequested()).isTrue();
        assertThat(monitor.stopping().stop().orElseThrow().reason()).isEqualTo(StopReason.ENERGY_BUDGET);
        assertThat(monitor.keptEpoch()).isEqualTo(1);
        assertThat(monitor.keptNetwork(second).params()).isEqualTo(first.params());
        assertThat(monitor.keptNetwork(second)).isNotSameAs(first);
        assertThat(lines).anyMatch(line -> line.startsWith("forecast after 1 epoch: 10 epochs take 1000 s")
                && line.endsWith("(energy estimated)"));
        assertThat(lines).anyMatch(line -> line.startsWith("stopping after epoch 2 (energy-budget)"));
    }

    @Test
    void keepsTheLastNetworkWhenNotRestoringTheBest() {
        StopSettings settings = new StopSettings("rmse", false, 0, 0, null, false, 0, 0, false);
        TrainingMonitor monitor = new TrainingMonitor(settings, 2, 1,
                (stats, network) -> Map.of("rmse", stats.epoch() == 1 ? 1.0 : 2.0), EpochCosts.TIME_ONLY, line -> { });
        MultiLayerNetwork last = networkWithSeed(2);

        monitor.onEpochEnd(new EpochStats(1, 0.5, 1, 64), networkWithSeed(1));
        monitor.onEpochEnd(new EpochStats(2, 0.5, 1, 64), last);

        assertThat(monitor.keptNetwork(last)).isSameAs(last);
        assertThat(monitor.keptEpoch()).isEqualTo(2);
        assertThat(monitor.actual().seconds()).isEqualTo(2);
        assertThat(monitor.actual().joules()).isNaN();
    }

    @Test
    void makesTheForecastAfterTheConfiguredEpochsFromTheSteadyEpochs() {
        StopSettings settings = StopSettings.none("rmse", false);
        TrainingMonitor monitor = new TrainingMonitor(settings, 5, 2, (stats, network) -> Map.of(), new FixedCosts(),
                line -> { });
        MultiLayerNetwork network = networkWithSeed(1);

        monitor.onEpochEnd(new EpochStats(1, 0.5, 15, 64), network);
        assertThat(monitor.forecast()).isEmpty();
        monitor.onEpochEnd(new EpochStats(2, 0.5, 10, 64), network);

        TrainingForecast forecast = monitor.forecast().orElseThrow();
        assertThat(forecast.total().seconds()).isEqualTo(15 + 4 * 10);
        assertThat(forecast.total().joules()).isEqualTo(5000);
    }

    @Test
    void aForecastAfterTheFirstEpochLeavesItsStartUpOutOfTheEpochsStillToRun() {
        StopSettings settings = StopSettings.none("rmse", false);
        TrainingMonitor monitor = new TrainingMonitor(settings, 5, 1, (stats, network) -> Map.of(), new FixedCosts(),
                line -> { });

        // 20 s, of which 5 s listing files and loading minibatches: each later epoch is expected to take 15 s.
        monitor.onEpochEnd(new EpochStats(1, 0.5, 20, 64, 2, 5), networkWithSeed(1));

        TrainingForecast forecast = monitor.forecast().orElseThrow();
        assertThat(forecast.total().seconds()).isEqualTo(20 + 4 * 15);
        assertThat(forecast.total().joules()).isEqualTo(1000 + 4 * 750);
    }

    @Test
    void theForecastLeavesOutWhatTheJitCompilerTookFromTheObservedEpochs() {
        EpochCompilationTest.ScriptedClocks clocks = new EpochCompilationTest.ScriptedClocks();
        TrainingMonitor monitor = new TrainingMonitor(StopSettings.none("rmse", false), 5, 2,
                (stats, network) -> Map.of(), new FixedCosts(), line -> { }, clocks);
        MultiLayerNetwork network = networkWithSeed(1);

        // Epoch 1: 20 s, 5 s of them start-up; the compiler compiled 4 s, all inside the start-up.
        clocks.compile = 4;
        clocks.cpu = 40;
        monitor.onEpochEnd(new EpochStats(1, 0.5, 20, 64, 2, 5), network);
        // Epoch 2: 12 s with both cores busy (26 CPU seconds), 2 s of them the compiler's; validating epoch 1 compiled
        // nothing.
        clocks.compile = 6;
        clocks.cpu = 66;
        monitor.onEpochEnd(new EpochStats(2, 0.5, 12, 64), network);

        TrainingForecast forecast = monitor.forecast().orElseThrow();
        assertThat(forecast.perEpoch().seconds()).isEqualTo(10, within(1e-9));
        assertThat(forecast.perEpoch().joules()).isEqualTo(1000 * 10.0 / 12, within(1e-9));
        assertThat(forecast.total().seconds()).isEqualTo(20 + 12 + 3 * 10, within(1e-9));
        TrainingMonitor.EpochRecord second = monitor.records().get(1);
        assertThat(second.compilation().compileSeconds()).isEqualTo(2, within(1e-9));
        assertThat(second.compilation().cpuSeconds()).isEqualTo(26, within(1e-9));
        assertThat(second.repeatableShare()).isEqualTo(10.0 / 12, within(1e-9));
        assertThat(monitor.records().get(0).repeatableShare()).as("the start-up, which the compiling overlapped")
                .isEqualTo(0.75, within(1e-9));
    }

    @Test
    void epochsResumedFromACheckpointAreRecordsWithoutMetricsOrEnergyAndStayOutOfThisRunsCosts() {
        StopSettings settings = new StopSettings("rmse", false, 0, 0, null, false, 0, 0, false);
        TrainingMonitor monitor = new TrainingMonitor(settings, 4, 1,
                (stats, network) -> Map.of("rmse", 10.0 - stats.epoch()), new FixedCosts(), line -> { });
        MultiLayerNetwork last = networkWithSeed(2);

        monitor.onResume(List.of(new EpochStats(1, 0.9, 30, 64), new EpochStats(2, 0.7, 20, 64)));
        monitor.onEpochEnd(new EpochStats(3, 0.5, 10, 64), networkWithSeed(1));
        monitor.onEpochEnd(new EpochStats(4, 0.4, 10, 64), last);

        assertThat(monitor.resumedEpochs()).isEqualTo(2);
        assertThat(monitor.records()).extracting(record -> record.stats().epoch()).containsExactly(1, 2, 3, 4);
        assertThat(monitor.records().get(0).metrics()).isEmpty();
        assertThat(monitor.records().get(1).cost().joules()).as("measured by the earlier run's application").isNaN();
        assertThat(monitor.keptEpoch()).isEqualTo(4);
        assertThat(monitor.actual().seconds()).as("the epochs trained here").isEqualTo(20);
        assertThat(monitor.actual().joules()).isEqualTo(2000);
        assertThat(monitor.forecast().orElseThrow().epochs()).as("the epochs this run trains").isEqualTo(2);
        assertThat(monitor.epochsTrainedHere()).as("the epochs the actual figures cover").isEqualTo(2);
        assertThat(monitor.records().get(0).validationSeconds()).as("not timed here").isNaN();
        assertThat(monitor.records().get(2).validationSeconds()).isNotNaN().isNotNegative();
        assertThat(monitor.records().get(2).costingSeconds()).isNotNaN().isNotNegative();
    }

    @Test
    void aResumedRunGoesOnWithTheInterruptedRunsPatienceBestEpochCostsAndBestNetwork(@TempDir Path folder) {
        // Patience 2: epoch 1 is the best, epochs 2 and 3 do not improve, so the run stops after epoch 3
        // only if epoch 2, trained before the crash, still counts after the resume.
        StopSettings settings = new StopSettings("rmse", false, 2, 0, Target.parse("rmse <= 10", List.of("rmse")),
                false, 0, 0, true);
        Map<Integer, Double> rmse = Map.of(1, 10.0, 2, 12.0, 3, 11.0);
        MonitorCheckpoints checkpoints = new MonitorCheckpoints(folder.toString(), new Configuration());
        MultiLayerNetwork bestNetwork = networkWithSeed(1);
        TrainingMonitor interrupted = new TrainingMonitor(settings, 10, 1,
                (stats, network) -> Map.of("rmse", rmse.get(stats.epoch())), new FixedCosts(), line -> { })
                .persistingTo(checkpoints);
        EpochStats first = new EpochStats(1, 0.9, 30, 64);
        EpochStats second = new EpochStats(2, 0.7, 20, 64);
        interrupted.onEpochEnd(first, bestNetwork);
        interrupted.onEpochEnd(second, networkWithSeed(2));

        List<String> lines = new ArrayList<>();
        TrainingMonitor resumed = new TrainingMonitor(settings, 10, 1,
                (stats, network) -> Map.of("rmse", rmse.get(stats.epoch())), new FixedCosts(), lines::add)
                .persistingTo(checkpoints);
        resumed.onResume(List.of(first, second));
        MultiLayerNetwork last = networkWithSeed(3);
        resumed.onEpochEnd(new EpochStats(3, 0.5, 10, 64), last);

        assertThat(resumed.stopRequested()).as("two epochs without improvement, one of them before the crash").isTrue();
        assertThat(resumed.stopping().stop().orElseThrow().reason()).isEqualTo(StopReason.PLATEAU);
        assertThat(resumed.keptEpoch()).isEqualTo(1);
        assertThat(resumed.keptNetwork(last).params()).isEqualTo(bestNetwork.params());
        assertThat(resumed.records().get(1).metrics()).containsEntry("rmse", 12.0);
        assertThat(resumed.records().get(1).cost().joules()).as("restored from the interrupted run").isEqualTo(1000);
        EarlyStopping.TargetReached target = resumed.stopping().targetReached().orElseThrow();
        assertThat(target.epoch()).isEqualTo(1);
        assertThat(target.cost().joules()).isEqualTo(1000);
        assertThat(resumed.actual().joules()).as("this run's epochs only").isEqualTo(1000);
        assertThat(lines).anyMatch(line -> line.contains("early stopping goes on from there (best rmse 10.0000 at epoch 1, "
                + "its network restored)"));
    }

    @Test
    void aSavedRecordThatDoesNotMatchTheResumedCheckpointIsNotRestored(@TempDir Path folder) {
        StopSettings settings = new StopSettings("rmse", false, 1, 0, null, false, 0, 0, true);
        MonitorCheckpoints checkpoints = new MonitorCheckpoints(folder.toString(), new Configuration());
        TrainingMonitor otherRun = new TrainingMonitor(settings, 10, 1,
                (stats, network) -> Map.of("rmse", 5.0), new FixedCosts(), line -> { }).persistingTo(checkpoints);
        otherRun.onEpochEnd(new EpochStats(1, 0.9, 31, 64), networkWithSeed(1));

        List<String> lines = new ArrayList<>();
        TrainingMonitor resumed = new TrainingMonitor(settings, 10, 1,
                (stats, network) -> Map.of("rmse", 9.0), new FixedCosts(), lines::add).persistingTo(checkpoints);
        resumed.onResume(List.of(new EpochStats(1, 0.9, 30, 64)));
        resumed.onEpochEnd(new EpochStats(2, 0.5, 10, 64), networkWithSeed(2));

        assertThat(resumed.stopRequested()).as("patience starts afresh at epoch 2").isFalse();
        assertThat(resumed.keptEpoch()).isEqualTo(2);
        assertThat(resumed.records().get(0).metrics()).isEmpty();
        assertThat(lines).anyMatch(line -> line.endsWith("so early stopping starts afresh"));
    }
}
