import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Spark's floor for scripts/bench/tabular.sh: the least any Spark job must do to clean the benchmark's CSV, run in
 * one JVM with the session settings that scripts/bench/tabular.sh passes (those of scripts/greentrain: master,
 * heap, JIT tier, Java 17 flags). No greentrain code runs here: Spark's built-in CSV reader and Spark SQL only.
 *
 * <ul>
 *   <li>{@code write SCHEMA CSV OUT}: reads CSV (a header line, then data) with the declared schema in the file
 *       SCHEMA (a DDL string: each column typed as declared, so that the reader parses every number) and writes
 *       it once as Parquet to OUT; then prints {@code rowsWritten N} (from the files written, not timed apart).</li>
 *   <li>{@code rules SCHEMA SQL CSV}: reads CSV with every declared column of SCHEMA a string, as the view
 *       {@code input}, and runs
 *       the query in the file SQL over it (the clean rules' checks as Spark SQL expressions and a count per
 *       outcome, without the duplicate search and without writing anything); prints its rows, {@code name count}
 *       each.</li>
 * </ul>
 *
 *   java -cp CLASSES:SPARK_CLASSPATH SparkFloor write SCHEMA CSV OUT | rules SCHEMA SQL CSV
 */
public final class SparkFloor {
    private SparkFloor() {
    }

    public static void main(String[] args) throws Exception {
        boolean write = args.length == 4 && args[0].equals("write");
        boolean rules = args.length == 4 && args[0].equals("rules");
        if (!write && !rules) {
            System.err.println("usage: SparkFloor write SCHEMA_FILE CSV OUT | rules SCHEMA_FILE SQL_FILE CSV");
            System.exit(2);
        }
        SparkSession spark = SparkSession.builder().appName("spark-floor-" + args[0]).getOrCreate();
        try {
            StructType declared = StructType.fromDDL(Files.readString(Path.of(args[1])).trim());
            if (write) {
                spark.read().option("header", true).schema(declared).csv(args[2]).write().parquet(args[3]);
                System.out.println("rowsWritten " + spark.read().parquet(args[3]).count());
            } else {
                StructType strings = new StructType();
                for (StructField field : declared.fields()) {
                    strings = strings.add(field.name(), DataTypes.StringType);
                }
                spark.read().option("header", true).schema(strings).csv(args[3]).createOrReplaceTempView("input");
                Dataset<Row> counts = spark.sql(Files.readString(Path.of(args[2])));
                for (Row row : counts.collectAsList()) {
                    System.out.println(row.getString(0) + " " + row.getLong(1));
                }
            }
        } finally {
            spark.stop();
        }
    }
}
