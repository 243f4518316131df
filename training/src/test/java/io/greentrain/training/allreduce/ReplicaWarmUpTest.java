package io.greentrain.training.allreduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import io.greentrain.training.NetworkSpec;
import io.greentrain.training.RegressionNetworks;

/** The throwaway fitting that warms the JIT compiler up on a new replica. */
class ReplicaWarmUpTest {

    private static MultiLayerNetwork network() {
        return RegressionNetworks.build(new NetworkSpec(List.of(8), "relu", 0.02, 0, 3), 2);
    }

    private static List<DataSet> minibatches() {
        return List.of(new DataSet(Nd4j.createFromArray(new float[][] {{1f, 0f}, {0f, 1f}}),
                        Nd4j.createFromArray(new float[][] {{1f}, {-1f}})),
                new DataSet(Nd4j.createFromArray(new float[][] {{2f, 1f}, {1f, 3f}}),
                        Nd4j.createFromArray(new float[][] {{1f}, {-2f}})));
    }

    @Test
    void fitsACopyAndLeavesTheReplicasParametersUpdaterStateAndCountsUntouched() {
        MultiLayerNetwork replica = network();
        float[] parameters = replica.params().toFloatVector();
        float[] updaterState = replica.updaterState() == null ? new float[0] : replica.updaterState().toFloatVector();

        ReplicaWarmUp.Outcome outcome = new ReplicaWarmUp(40, Duration.ofSeconds(30)).run(replica, minibatches());

        assertThat(outcome.steps()).isPositive().isLessThanOrEqualTo(40);
        assertThat(replica.params().toFloatVector()).containsExactly(parameters);
        assertThat(replica.updaterState() == null ? new float[0] : replica.updaterState().toFloatVector())
                .containsExactly(updaterState);
        assertThat(replica.getIterationCount()).as("Adam's step count").isZero();
    }

    @Test
    void stopsAtItsStepCapOrItsTimeCapWhicheverComesFirst() {
        assertThat(new ReplicaWarmUp(7, Duration.ofSeconds(30)).run(network(), minibatches()).steps()).isEqualTo(7);
        ReplicaWarmUp.Outcome timed = new ReplicaWarmUp(1_000_000, Duration.ofNanos(1)).run(network(), minibatches());
        assertThat(timed.steps()).as("one step, then the time is up").isEqualTo(1);
        assertThat(timed.settled()).isFalse();
    }

    @Test
    void isOffWithNoStepsOrNoTime() {
        assertThat(ReplicaWarmUp.OFF.run(network(), minibatches())).isEqualTo(ReplicaWarmUp.Outcome.NONE);
        assertThat(new ReplicaWarmUp(10, Duration.ZERO).enabled()).isFalse();
        assertThat(new ReplicaWarmUp(0, Duration.ofSeconds(1)).enabled()).isFalse();
        assertThatThrownBy(() -> new ReplicaWarmUp(-1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theStepTimeSettlesAfterTwoWindowsInARowThatAreNotFivePercentFasterThanTheFastestBefore() {
        ReplicaWarmUp.WindowTimes falling = new ReplicaWarmUp.WindowTimes();
        assertThat(falling.add(100)).isFalse();
        assertThat(falling.add(60)).isFalse();
        assertThat(falling.add(40)).isFalse();
        assertThat(falling.add(39)).as("one flat window is not enough").isFalse();
        assertThat(falling.add(30)).as("a fall starts the count again").isFalse();
        assertThat(falling.add(29)).isFalse();
        assertThat(falling.add(31)).as("two flat windows in a row").isTrue();

        ReplicaWarmUp.WindowTimes flatFromTheStart = new ReplicaWarmUp.WindowTimes();
        assertThat(flatFromTheStart.add(10)).isFalse();
        assertThat(flatFromTheStart.add(10)).isFalse();
        assertThat(flatFromTheStart.add(10)).as("at least three windows").isTrue();
    }
}
