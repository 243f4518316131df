package io.greentrain.training;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.var_pop;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Regression quality in the label's own units, computed exactly in one Spark aggregation.
 *
 * @param count the rows compared
 * @param rmse  root mean squared error
 * @param mae   mean absolute error
 * @param r2    coefficient of determination, {@code 1 - SSE / SST} (NaN when the labels do not vary)
 */
public record RegressionMetrics(long count, double rmse, double mae, double r2) {

    /** Compares {@code labelColumn} with {@code predictionColumn} over all rows of {@code predictions}. */
    public static RegressionMetrics of(Dataset<Row> predictions, String labelColumn, String predictionColumn) {
        Column error = col(predictionColumn).minus(col(labelColumn));
        Row row = predictions.agg(functions.count(lit(1)), sum(pow(error, 2)), avg(abs(error)), var_pop(col(labelColumn)))
                .first();
        long n = row.getLong(0);
        if (n == 0) {
            throw new IllegalArgumentException("no rows to evaluate");
        }
        double sse = row.getDouble(1);
        double sst = row.getDouble(3) * n;
        return new RegressionMetrics(n, Math.sqrt(sse / n), row.getDouble(2), sst > 0 ? 1 - sse / sst : Double.NaN);
    }

    /** The same figures for {@code labels} and {@code predictions} held in memory, pairwise. */
    public static RegressionMetrics of(double[] labels, double[] predictions) {
        if (labels.length != predictions.length) {
            throw new IllegalArgumentException(labels.length + " labels but " + predictions.length + " predictions");
        }
        int n = labels.length;
        if (n == 0) {
            throw new IllegalArgumentException("no rows to evaluate");
        }
        double sse = 0;
        double absolute = 0;
        double labelSum = 0;
        for (int i = 0; i < n; i++) {
            double error = predictions[i] - labels[i];
            sse += error * error;
            absolute += Math.abs(error);
            labelSum += labels[i];
        }
        double mean = labelSum / n;
        double sst = 0;
        for (double label : labels) {
            sst += (label - mean) * (label - mean);
        }
        return new RegressionMetrics(n, Math.sqrt(sse / n), absolute / n, sst > 0 ? 1 - sse / sst : Double.NaN);
    }
}
