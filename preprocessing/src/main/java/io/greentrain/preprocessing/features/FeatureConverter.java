package io.greentrain.preprocessing.features;

import static io.greentrain.preprocessing.ColumnNames.quoted;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.greentrain.preprocessing.tabular.TabularCleaner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.Imputer;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * The convert step: cleaned rows to model-ready examples.
 *
 * <p>Rows are assigned to train, validation and test by a seeded hash of their source file and
 * offset (repeatable and independent of partitioning). A Spark MLlib {@link PipelineModel} is fitted
 * on the train split only: numeric columns are cast to double (optionally {@code log1p}-ed) and
 * imputed with the train median, string columns are indexed by train frequency and one-hot encoded
 * (unseen or missing categories get their own slot), and everything is standardised with train
 * statistics. The fitted model takes cleaned rows as they are, so {@code predict} reuses it on new
 * data unchanged. The label is encoded by a {@link LabelTransform} fitted on the train split.
 */
public final class FeatureConverter {

    /** The split column: {@code train}, {@code validation} or {@code test}. */
    public static final String SPLIT = "split";
    /** The standardised feature vector produced by the fitted pipeline. */
    public static final String FEATURES = "features";
    /** The encoded label the network trains on. */
    public static final String TARGET = "target";

    public static final String TRAIN = "train";
    public static final String VALIDATION = "validation";
    public static final String TEST = "test";

    private static final String UNSCALED = "_unscaled_features";

    private FeatureConverter() {
    }

    /**
     * A fitted conversion: the feature pipeline, the label transform, and the examples of every split.
     *
     * @param examplesCount    the rows with a label, that is the examples of all splits together
     * @param rowsWithoutLabel the rows dropped because their label is null
     */
    public record Conversion(PipelineModel featurePipeline, LabelTransform labelTransform, int featureCount,
                             Dataset<Row> examples, long examplesCount, long rowsWithoutLabel) {

        /** Examples of one split: source columns, label, {@link #TARGET} and {@link #FEATURES}. */
        public Dataset<Row> split(String name) {
            return examples.filter(col(SPLIT).equalTo(name));
        }
    }

    /**
     * Fits the feature pipeline and label transform on the train split of {@code cleaned} and
     * transforms every split. Rows whose label is null cannot be used and are counted in
     * {@link Conversion#rowsWithoutLabel()}.
     *
     * <p>Costs one pass over {@code cleaned} for the label (its statistics and the counts) and the
     * passes of the pipeline's estimators over the train split; the examples are not computed until
     * they are used.
     *
     * @param cleaned the output of cleaning: {@code _source_file}, {@code _source_offset} and the declared columns
     * @throws IllegalArgumentException when the train split is empty, or a log label is not positive
     */
    public static Conversion convert(Dataset<Row> cleaned, FeatureSpec spec) {
        Column label = quoted(spec.label());
        LabelStatistics labelStatistics = labelStatistics(cleaned, spec);
        LabelTransform labelTransform = labelStatistics.fitTransform(spec);
        Dataset<Row> labelled = cleaned.filter(label.isNotNull())
                .withColumn(SPLIT, splitOf(spec.split()))
                .persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> train = labelled.filter(col(SPLIT).equalTo(TRAIN));

        PipelineModel pipeline = featurePipeline(spec).fit(train);

        Dataset<Row> examples = pipeline.transform(labelled)
                .withColumn(TARGET, encodeColumn(label.cast("double"), labelTransform))
                .select(col(TabularCleaner.SOURCE_FILE), col(TabularCleaner.SOURCE_OFFSET), col(SPLIT),
                        label.cast("double").as(spec.label()), col(TARGET), col(FEATURES));
        return new Conversion(pipeline, labelTransform, featureCount(pipeline), examples,
                labelStatistics.labelledRows(), labelStatistics.rowsWithoutLabel());
    }

    /** The width of the feature vector, from the fitted scaler (the last stage): no pass over the data. */
    private static int featureCount(PipelineModel pipeline) {
        Transformer last = pipeline.stages()[pipeline.stages().length - 1];
        return ((StandardScalerModel) last).std().size();
    }

    /**
     * The seeded split assignment of a row. It hashes the row's file name (not its folder, so that
     * copying the data elsewhere, to HDFS say, keeps the split) and byte offset: independent of
     * partitioning and of row order.
     */
    static Column splitOf(SplitSpec split) {
        Column unit = pmod(xxhash64(lit(split.seed()), fileName(), col(TabularCleaner.SOURCE_OFFSET)),
                lit(1_000_000L)).divide(1_000_000.0);
        return when(unit.lt(split.train()), lit(TRAIN))
                .when(unit.lt(split.train() + split.validation()), lit(VALIDATION))
                .otherwise(lit(TEST));
    }

    /** The seeded hash that orders examples inside minibatch files. */
    public static Column shuffleKey(long seed) {
        return xxhash64(lit(seed + 1), fileName(), col(TabularCleaner.SOURCE_OFFSET));
    }

    private static Column fileName() {
        return functions.substring_index(col(TabularCleaner.SOURCE_FILE), "/", -1);
    }

    /**
     * What the convert step needs to know of the label, all from one aggregation: the rows without
     * a label, the rows with one, and over the train split its rows, how many of them are not
     * positive, and the mean and population standard deviation of the transformed label.
     */
    private record LabelStatistics(long rowsWithoutLabel, long labelledRows, long trainRows, long trainNotPositive,
                                   Double trainMean, Double trainStd) {

        /** The label transform fitted on the train split. */
        LabelTransform fitTransform(FeatureSpec spec) {
            if (spec.labelTransform() == LabelTransformKind.LOG && trainNotPositive > 0) {
                throw new IllegalArgumentException(trainNotPositive + " train rows have a label <= 0, which has no log; "
                        + "declare min > 0 for column '" + spec.label() + "' or use label-transform = none");
            }
            if (trainRows == 0) {
                throw new IllegalArgumentException("the train split is empty: there are too few rows, or the split fractions are wrong");
            }
            return new LabelTransform(spec.labelTransform(), trainMean, trainStd > 0 ? trainStd : 1.0);
        }
    }

    private static LabelStatistics labelStatistics(Dataset<Row> cleaned, FeatureSpec spec) {
        Column label = quoted(spec.label()).cast("double");
        Column trainLabel = when(quoted(spec.label()).isNotNull().and(splitOf(spec.split()).equalTo(TRAIN)), label);
        Column transformed = spec.labelTransform() == LabelTransformKind.LOG ? functions.log(trainLabel) : trainLabel;
        Row stats = cleaned.agg(
                functions.count(when(quoted(spec.label()).isNull(), lit(1))),
                functions.count(quoted(spec.label())),
                functions.count(trainLabel),
                functions.count(when(trainLabel.leq(0), lit(1))),
                functions.avg(transformed),
                functions.stddev_pop(transformed)).first();
        return new LabelStatistics(stats.getLong(0), stats.getLong(1), stats.getLong(2), stats.getLong(3),
                stats.isNullAt(4) ? null : stats.getDouble(4), stats.isNullAt(5) ? null : stats.getDouble(5));
    }

    private static Column encodeColumn(Column label, LabelTransform transform) {
        Column transformed = transform.kind() == LabelTransformKind.LOG ? functions.log(label) : label;
        return transformed.minus(transform.mean()).divide(transform.std());
    }

    private static Pipeline featurePipeline(FeatureSpec spec) {
        List<PipelineStage> stages = new ArrayList<>();
        List<String> vectorInputs = new ArrayList<>();
        List<String> numeric = spec.numeric();
        List<String> categorical = spec.categorical();

        // ML stages resolve their input columns as SQL names, where a dot means a struct field, so
        // they only ever see these positional copies; the declared names appear in this SELECT alone.
        List<String> copies = new ArrayList<>();
        for (int i = 0; i < numeric.size(); i++) {
            String cast = "CAST(" + sqlName(numeric.get(i)) + " AS DOUBLE)";
            String value = spec.log1p().contains(numeric.get(i)) ? "LOG1P(" + cast + ")" : cast;
            copies.add(value + " AS " + sqlName(internalName("numeric", i)));
        }
        for (int i = 0; i < categorical.size(); i++) {
            copies.add(sqlName(categorical.get(i)) + " AS " + sqlName(internalName("categorical", i)));
        }
        stages.add(new SQLTransformer().setStatement("SELECT *, " + String.join(", ", copies) + " FROM __THIS__"));

        if (!numeric.isEmpty()) {
            String[] doubles = IntStream.range(0, numeric.size()).mapToObj(i -> internalName("numeric", i))
                    .toArray(String[]::new);
            String[] imputed = Arrays.stream(doubles).map(n -> n + "_imputed").toArray(String[]::new);
            stages.add(new Imputer().setStrategy("median").setInputCols(doubles).setOutputCols(imputed));
            vectorInputs.addAll(List.of(imputed));
        }
        if (!categorical.isEmpty()) {
            String[] names = IntStream.range(0, categorical.size()).mapToObj(i -> internalName("categorical", i))
                    .toArray(String[]::new);
            String[] indexed = Arrays.stream(names).map(n -> n + "_index").toArray(String[]::new);
            String[] encoded = Arrays.stream(names).map(n -> n + "_onehot").toArray(String[]::new);
            stages.add(new StringIndexer().setInputCols(names).setOutputCols(indexed)
                    .setHandleInvalid("keep").setStringOrderType("frequencyDesc"));
            stages.add(new OneHotEncoder().setInputCols(indexed).setOutputCols(encoded)
                    .setHandleInvalid("keep").setDropLast(true));
            vectorInputs.addAll(List.of(encoded));
        }
        stages.add(new VectorAssembler().setInputCols(vectorInputs.toArray(String[]::new)).setOutputCol(UNSCALED)
                .setHandleInvalid("error"));
        stages.add(new StandardScaler().setInputCol(UNSCALED).setOutputCol(FEATURES).setWithMean(true).setWithStd(true));
        return new Pipeline().setStages(stages.toArray(PipelineStage[]::new));
    }

    private static String internalName(String kind, int position) {
        return "_" + kind + "_" + position;
    }

    /** A column name quoted for a SQL statement. */
    private static String sqlName(String column) {
        return "`" + column.replace("`", "``") + "`";
    }

}
