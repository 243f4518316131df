package io.greentrain.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.greentrain.testsupport.LocalSpark;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RegressionMetricsTest {

    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.session("greentrain-training-tests");
    }

    /** Rows of (label, prediction). */
    private static Dataset<Row> predictions(double[]... pairs) {
        StructType schema = new StructType().add("label", DataTypes.DoubleType).add("prediction", DataTypes.DoubleType);
        List<Row> rows = Arrays.stream(pairs).map(p -> RowFactory.create(p[0], p[1])).toList();
        return spark.createDataFrame(rows, schema);
    }

    @Test
    void computesRmseMaeAndR2Exactly() {
        // Errors 0.5, 0, -1, 1: SSE = 2.25, so RMSE = sqrt(2.25 / 4) = 0.75 and MAE = 2.5 / 4 = 0.625.
        // Labels 1..4 have mean 2.5 and SST = 5, so R2 = 1 - 2.25 / 5 = 0.55.
        Dataset<Row> rows = predictions(new double[] {1, 1.5}, new double[] {2, 2}, new double[] {3, 2},
                new double[] {4, 5});

        RegressionMetrics metrics = RegressionMetrics.of(rows, "label", "prediction");

        assertThat(metrics.count()).isEqualTo(4);
        assertThat(metrics.rmse()).isCloseTo(0.75, within(1e-12));
        assertThat(metrics.mae()).isCloseTo(0.625, within(1e-12));
        assertThat(metrics.r2()).isCloseTo(0.55, within(1e-12));
    }

    @Test
    void perfectPredictionsHaveZeroErrorAndR2OfOne() {
        RegressionMetrics metrics = RegressionMetrics.of(
                predictions(new double[] {-1, -1}, new double[] {0, 0}, new double[] {7, 7}), "label", "prediction");

        assertThat(metrics.rmse()).isZero();
        assertThat(metrics.mae()).isZero();
        assertThat(metrics.r2()).isEqualTo(1.0);
    }

    @Test
    void r2IsNaNWhenTheLabelsDoNotVary() {
        RegressionMetrics metrics = RegressionMetrics.of(
                predictions(new double[] {0.1, 0.1}, new double[] {0.1, 0.3}, new double[] {0.1, 0.0}), "label", "prediction");

        assertThat(metrics.r2()).isNaN();
        assertThat(metrics.mae()).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void rejectsAnEmptyInput() {
        assertThatThrownBy(() -> RegressionMetrics.of(predictions(), "label", "prediction"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no rows");
    }
}
