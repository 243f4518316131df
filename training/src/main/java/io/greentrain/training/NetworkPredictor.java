package io.greentrain.training;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Scores rows with a trained network on the executors: the network is broadcast once, each
 * partition rebuilds it and feeds its rows through in blocks, and the outputs are decoded to the
 * label's units.
 */
public final class NetworkPredictor {

    private static final int BLOCK_ROWS = 1024;

    private NetworkPredictor() {
    }

    /**
     * {@code rows} plus a double column {@code predictionColumn}, one output per row, in the same
     * order within each partition.
     *
     * @param featuresColumn a vector column whose size is the network's input width
     */
    public static Dataset<Row> predict(Dataset<Row> rows, MultiLayerNetwork network, String featuresColumn,
                                       String predictionColumn, LabelDecoder decoder) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(rows.sparkSession().sparkContext());
        Broadcast<byte[]> model = sc.broadcast(serialize(network));
        int featuresIndex = rows.schema().fieldIndex(featuresColumn);
        StructType schema = rows.schema().add(predictionColumn, DataTypes.DoubleType, false);
        return rows.mapPartitions(
                (org.apache.spark.api.java.function.MapPartitionsFunction<Row, Row>) partition ->
                        scorePartition(partition, model.value(), featuresIndex, decoder),
                Encoders.row(schema));
    }

    private static Iterator<Row> scorePartition(Iterator<Row> partition, byte[] model, int featuresIndex,
                                                LabelDecoder decoder) throws IOException {
        if (!partition.hasNext()) {
            return partition;
        }
        MultiLayerNetwork network = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(model), false);
        List<Row> scored = new ArrayList<>();
        List<Row> block = new ArrayList<>(BLOCK_ROWS);
        while (partition.hasNext()) {
            block.add(partition.next());
            if (block.size() == BLOCK_ROWS || !partition.hasNext()) {
                scoreBlock(block, network, featuresIndex, decoder, scored);
                block.clear();
            }
        }
        return scored.iterator();
    }

    private static void scoreBlock(List<Row> block, MultiLayerNetwork network, int featuresIndex,
                                   LabelDecoder decoder, List<Row> out) {
        int width = ((Vector) block.get(0).get(featuresIndex)).size();
        float[][] features = new float[block.size()][width];
        for (int i = 0; i < block.size(); i++) {
            double[] values = ((Vector) block.get(i).get(featuresIndex)).toArray();
            for (int j = 0; j < width; j++) {
                features[i][j] = (float) values[j];
            }
        }
        INDArray output = network.output(Nd4j.create(features).castTo(DataType.FLOAT), false);
        for (int i = 0; i < block.size(); i++) {
            Row row = block.get(i);
            Object[] values = new Object[row.length() + 1];
            for (int j = 0; j < row.length(); j++) {
                values[j] = row.get(j);
            }
            values[row.length()] = decoder.decode(output.getDouble(i, 0));
            out.add(RowFactory.create(values));
        }
    }

    private static byte[] serialize(MultiLayerNetwork network) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ModelSerializer.writeModel(network, bytes, false);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise the network for broadcast", e);
        }
    }
}
