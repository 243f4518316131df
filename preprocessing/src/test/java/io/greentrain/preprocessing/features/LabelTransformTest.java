package io.greentrain.preprocessing.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LabelTransformTest {

    @Test
    void noneStandardisesTheLabelAndDecodeInvertsIt() {
        LabelTransform transform = new LabelTransform(LabelTransformKind.NONE, 200.0, 50.0);

        assertThat(transform.encode(300.0)).isEqualTo(2.0);
        assertThat(transform.encode(200.0)).isEqualTo(0.0);
        for (double label : new double[] {-1e6, -3.5, 0.0, 199.9, 12_345.678}) {
            assertThat(transform.decode(transform.encode(label))).isCloseTo(label, within(1e-9 * Math.max(1, Math.abs(label))));
        }
    }

    @Test
    void logStandardisesTheLogOfTheLabelAndDecodeInvertsIt() {
        LabelTransform transform = new LabelTransform(LabelTransformKind.LOG, Math.log(1000.0), 0.5);

        assertThat(transform.transform(Math.E)).isCloseTo(1.0, within(1e-12));
        assertThat(transform.encode(1000.0 * Math.exp(1.0))).isCloseTo(2.0, within(1e-12));
        for (double label : new double[] {1e-3, 1.0, 999.0, 250_000.0}) {
            assertThat(transform.decode(transform.encode(label))).isCloseTo(label, within(1e-9 * label));
        }
    }

    @Test
    void logDecodesAZeroOutputToTheExponentialOfTheMean() {
        LabelTransform transform = new LabelTransform(LabelTransformKind.LOG, 12.0, 0.8);

        assertThat(transform.decode(0.0)).isCloseTo(Math.exp(12.0), within(1e-6));
    }

    @Test
    void rejectsANonPositiveStandardDeviation() {
        assertThatThrownBy(() -> new LabelTransform(LabelTransformKind.NONE, 1.0, 0.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("std 0.0");
        assertThatThrownBy(() -> new LabelTransform(LabelTransformKind.NONE, 1.0, -2.0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LabelTransform(LabelTransformKind.NONE, 1.0, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsAMeanThatIsNotFinite() {
        assertThatThrownBy(() -> new LabelTransform(LabelTransformKind.LOG, Double.NaN, 1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mean NaN");
        assertThatThrownBy(() -> new LabelTransform(LabelTransformKind.NONE, Double.POSITIVE_INFINITY, 1.0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
