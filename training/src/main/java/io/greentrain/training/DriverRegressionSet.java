package io.greentrain.training;

import java.util.List;
import java.util.Optional;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A small labelled set held by the driver, to score a network after every epoch without a Spark job: the
 * features as one float matrix, the labels in their own units. {@link NetworkPredictor} and
 * {@link RegressionMetrics#of(Dataset, String, String)} give the same figures through Spark (up to the order of
 * floating-point sums); for a validation split of a few thousand rows those jobs (a broadcast of the network,
 * scoring tasks, an aggregation) cost far more than the arithmetic, every epoch.
 */
public final class DriverRegressionSet {

    /** The most feature values (rows x width) a set may hold on the driver: 16 M floats, 64 MB. */
    public static final long MAX_VALUES = 16L << 20;

    private static final int BLOCK_ROWS = 1024;

    private final INDArray features;
    private final double[] labels;

    private DriverRegressionSet(INDArray features, double[] labels) {
        this.features = features;
        this.labels = labels;
    }

    /**
     * {@code rows}' vector column {@code featuresColumn} and double column {@code labelColumn} brought to the
     * driver, or empty when {@code rows} is empty or holds more than {@code maxValues} feature values (counted
     * from the first row's width, without collecting anything).
     */
    public static Optional<DriverRegressionSet> collectIfSmall(Dataset<Row> rows, String featuresColumn,
                                                               String labelColumn, long maxValues) {
        Dataset<Row> pairs = rows.select(featuresColumn, labelColumn);
        List<Row> first = pairs.takeAsList(1);
        if (first.isEmpty()) {
            return Optional.empty();
        }
        long width = ((Vector) first.get(0).get(0)).size();
        long limitRows = maxValues / Math.max(1, width);
        List<Row> collected = pairs.limit((int) Math.min(Integer.MAX_VALUE - 8, limitRows + 1)).collectAsList();
        if (collected.size() > limitRows) {
            return Optional.empty();
        }
        float[][] matrix = new float[collected.size()][(int) width];
        double[] labels = new double[collected.size()];
        for (int i = 0; i < collected.size(); i++) {
            double[] values = ((Vector) collected.get(i).get(0)).toArray();
            for (int j = 0; j < width; j++) {
                matrix[i][j] = (float) values[j];
            }
            labels[i] = ((Number) collected.get(i).get(1)).doubleValue();
        }
        return Optional.of(new DriverRegressionSet(Nd4j.create(matrix).castTo(DataType.FLOAT), labels));
    }

    /** The rows held. */
    public int rows() {
        return labels.length;
    }

    /** {@code network}'s outputs for every row, decoded to the label's units, compared with the labels. */
    public RegressionMetrics evaluate(MultiLayerNetwork network, LabelDecoder decoder) {
        double[] predictions = new double[labels.length];
        for (int from = 0; from < labels.length; from += BLOCK_ROWS) {
            int to = Math.min(labels.length, from + BLOCK_ROWS);
            INDArray output = network.output(features.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()), false);
            for (int i = from; i < to; i++) {
                predictions[i] = decoder.decode(output.getDouble(i - from, 0));
            }
        }
        return RegressionMetrics.of(labels, predictions);
    }
}
