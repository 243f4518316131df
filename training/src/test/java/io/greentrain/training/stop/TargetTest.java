package io.greentrain.training.stop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TargetTest {

    private static final List<String> METRICS = List.of("r2", "rmse", "perplexity");

    @Test
    void readsAtLeastAndAtMostTargets() {
        assertThat(Target.parse("r2 >= 0.90", METRICS)).isEqualTo(new Target("r2", true, 0.90));
        assertThat(Target.parse("perplexity<=4.5", METRICS)).isEqualTo(new Target("perplexity", false, 4.5));
    }

    @Test
    void isReachedOnTheRightSideOfTheThresholdAndNeverByNaN() {
        Target r2 = new Target("r2", true, 0.9);
        Target rmse = new Target("rmse", false, 25_000);

        assertThat(r2.reachedBy(0.9)).isTrue();
        assertThat(r2.reachedBy(0.89)).isFalse();
        assertThat(rmse.reachedBy(24_000)).isTrue();
        assertThat(rmse.reachedBy(26_000)).isFalse();
        assertThat(r2.reachedBy(Double.NaN)).isFalse();
    }

    @Test
    void namesWhatIsWrongWithABadTarget() {
        assertThatThrownBy(() -> Target.parse("accuracy >= 0.9", METRICS)).hasMessageContaining("unknown target metric 'accuracy'");
        assertThatThrownBy(() -> Target.parse("r2 > 0.9", METRICS)).hasMessageContaining("METRIC >= VALUE");
        assertThatThrownBy(() -> Target.parse("r2 >= high", METRICS)).hasMessageContaining("not a number");
    }
}
