package io.greentrain.energy.meter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;

import io.greentrain.energy.meter.RaplZoneCounter.Outcome;
import org.junit.jupiter.api.Test;

class RaplZoneCounterTest {

    @Test
    void theFirstValueIsTheBaselineAndAddsNothing() {
        RaplZoneCounter counter = new RaplZoneCounter(OptionalLong.of(1_000));

        assertThat(counter.accept(400)).isEqualTo(Outcome.BASELINE);
        assertThat(counter.totalMicrojoules()).isZero();
    }

    @Test
    void addsForwardStepsAndUnwrapsBackwardOnesAcrossTheInclusiveRange() {
        RaplZoneCounter counter = new RaplZoneCounter(OptionalLong.of(1_000));
        counter.accept(400);

        assertThat(counter.accept(900)).isEqualTo(Outcome.ADDED);
        assertThat(counter.accept(100)).isEqualTo(Outcome.ADDED);
        assertThat(counter.totalMicrojoules()).isEqualTo(500 + (1_000 - 900 + 100 + 1));
    }

    @Test
    void dropsABackwardStepWhenThePreviousValueExceedsTheRange() {
        RaplZoneCounter counter = new RaplZoneCounter(OptionalLong.of(1_000));
        counter.accept(5_000);

        assertThat(counter.accept(10)).isEqualTo(Outcome.DROPPED);
        assertThat(counter.accept(30)).isEqualTo(Outcome.ADDED);
        assertThat(counter.totalMicrojoules()).isEqualTo(20);
    }

    @Test
    void dropsABackwardStepWithoutARange() {
        RaplZoneCounter counter = new RaplZoneCounter(OptionalLong.empty());
        counter.accept(5_000);

        assertThat(counter.accept(10)).isEqualTo(Outcome.DROPPED);
        assertThat(counter.totalMicrojoules()).isZero();
    }

    @Test
    void rejectsANonPositiveRange() {
        assertThatThrownBy(() -> new RaplZoneCounter(OptionalLong.of(0)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
