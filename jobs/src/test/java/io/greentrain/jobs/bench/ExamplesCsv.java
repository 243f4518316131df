package io.greentrain.jobs.bench;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;

import io.greentrain.preprocessing.features.FeatureConverter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * For {@code scripts/bench/accuracy.sh}: writes a run's feature table (the examples Parquet that
 * convert wrote) as CSV, so that a reference model in Python trains on exactly our features and
 * split: {@code split,label,f0,f1,...}, the label in its own units.
 *
 * <pre>
 *   ExamplesCsv EXAMPLES_PARQUET LABEL_COLUMN OUT_CSV
 * </pre>
 */
public final class ExamplesCsv {

    private ExamplesCsv() {
    }

    public static void main(String[] args) throws IOException {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("greentrain-examples-csv")
                .config("spark.ui.enabled", "false").getOrCreate();
        List<Row> rows = spark.read().parquet(args[0])
                .select(col(FeatureConverter.SPLIT), col(args[1]).cast("double"),
                        vector_to_array(col(FeatureConverter.FEATURES), "float64"))
                .collectAsList();
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[2]), StandardCharsets.UTF_8))) {
            int width = rows.get(0).getList(2).size();
            StringBuilder header = new StringBuilder("split,label");
            for (int i = 0; i < width; i++) {
                header.append(",f").append(i);
            }
            out.println(header);
            for (Row row : rows) {
                StringBuilder line = new StringBuilder(row.getString(0)).append(',').append(row.getDouble(1));
                for (Object value : row.getList(2)) {
                    line.append(',').append(value);
                }
                out.println(line);
            }
        }
        spark.stop();
        System.exit(0);
    }
}
