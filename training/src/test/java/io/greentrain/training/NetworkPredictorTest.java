package io.greentrain.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.greentrain.testsupport.LocalSpark;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NetworkPredictorTest {

    private static final int WIDTH = 3;
    // Two partitions of 1,250 rows: each is scored as one full block of 1,024 rows and one partial block.
    private static final int ROWS = 2_500;

    private static SparkSession spark;
    private static MultiLayerNetwork network;
    private static Dataset<Row> rows;

    @BeforeAll
    static void createNetworkAndRows() {
        spark = LocalSpark.session("greentrain-training-tests");
        network = RegressionNetworks.build(new NetworkSpec(List.of(6), "tanh", 0.01, 0, 5), WIDTH);
        StructType schema = new StructType()
                .add("id", DataTypes.LongType)
                .add("name", DataTypes.StringType)
                .add("features", SQLDataTypes.VectorType());
        List<Row> data = IntStream.range(0, ROWS).mapToObj(i -> RowFactory.create((long) i, "house-" + i,
                Vectors.dense(Math.sin(i), Math.cos(0.37 * i), (i % 11) / 5.0 - 1))).toList();
        rows = spark.createDataFrame(data, schema).repartition(2);
    }

    /** The network's raw output for each row, computed here on the driver in one batch. */
    private static Map<Long, Double> localOutputs(List<Row> scored) {
        float[][] features = new float[scored.size()][];
        for (int i = 0; i < scored.size(); i++) {
            double[] values = scored.get(i).<Vector>getAs("features").toArray();
            features[i] = new float[values.length];
            for (int j = 0; j < values.length; j++) {
                features[i][j] = (float) values[j];
            }
        }
        INDArray output = network.output(Nd4j.create(features).castTo(DataType.FLOAT), false);
        return IntStream.range(0, scored.size()).boxed()
                .collect(Collectors.toMap(i -> scored.get(i).<Long>getAs("id"), i -> output.getDouble(i, 0)));
    }

    @Test
    void scoresEveryRowLikeTheNetworkItselfAndAppliesTheDecoder() {
        assertThat(rows.javaRDD().getNumPartitions()).isEqualTo(2);

        List<Row> scored = NetworkPredictor.predict(rows, network, "features", "prediction", x -> 2 * x + 1).collectAsList();

        assertThat(scored).hasSize(ROWS);
        Map<Long, Double> expected = localOutputs(scored);
        assertThat(scored).allSatisfy(row -> assertThat(row.<Double>getAs("prediction"))
                .isCloseTo(2 * expected.get(row.<Long>getAs("id")) + 1, within(1e-6)));
        assertThat(expected.values().stream().distinct().count()).as("distinct outputs").isGreaterThan(ROWS / 2);
    }

    @Test
    void passesTheOtherColumnsThroughAndAppendsADoubleColumn() {
        Dataset<Row> predicted = NetworkPredictor.predict(rows, network, "features", "prediction", x -> x);

        assertThat(predicted.schema().fieldNames()).containsExactly("id", "name", "features", "prediction");
        StructField prediction = predicted.schema().apply("prediction");
        assertThat(prediction.dataType()).isEqualTo(DataTypes.DoubleType);
        assertThat(prediction.nullable()).isFalse();
        Map<Long, Row> byId = rows.collectAsList().stream().collect(Collectors.toMap(r -> r.getLong(0), Function.identity()));
        List<Row> scored = predicted.collectAsList();
        assertThat(scored).hasSize(ROWS).allSatisfy(row -> {
            Row original = byId.get(row.getLong(0));
            assertThat(row.getString(1)).isEqualTo(original.getString(1));
            assertThat(row.<Vector>getAs(2)).isEqualTo(original.<Vector>getAs(2));
        });
    }

    @Test
    void scoresAnEmptyPartitionToNothing() {
        Dataset<Row> sparse = rows.limit(3).repartition(4);

        assertThat(NetworkPredictor.predict(sparse, network, "features", "prediction", x -> x).count()).isEqualTo(3);
    }

    @Test
    void aValidationSetHeldOnTheDriverScoresLikeTheSparkPathAndATooLargeOneStaysInSpark() {
        Dataset<Row> labelled = rows.withColumn("label", org.apache.spark.sql.functions.col("id").cast("double")
                .divide(ROWS));
        LabelDecoder decoder = x -> 3 * x - 0.5;

        DriverRegressionSet onDriver = DriverRegressionSet.collectIfSmall(labelled, "features", "label",
                DriverRegressionSet.MAX_VALUES).orElseThrow();
        RegressionMetrics driver = onDriver.evaluate(network, decoder);
        RegressionMetrics spark = RegressionMetrics.of(
                NetworkPredictor.predict(labelled, network, "features", "prediction", decoder), "label", "prediction");

        assertThat(onDriver.rows()).isEqualTo(ROWS);
        assertThat(driver.count()).isEqualTo(spark.count());
        assertThat(driver.rmse()).isCloseTo(spark.rmse(), within(1e-9));
        assertThat(driver.mae()).isCloseTo(spark.mae(), within(1e-9));
        assertThat(driver.r2()).isCloseTo(spark.r2(), within(1e-9));
        assertThat(DriverRegressionSet.collectIfSmall(labelled, "features", "label", (long) WIDTH * ROWS - 1))
                .as("one value over the limit").isEmpty();
        assertThat(DriverRegressionSet.collectIfSmall(labelled.limit(0), "features", "label", 100)).isEmpty();
    }
}
