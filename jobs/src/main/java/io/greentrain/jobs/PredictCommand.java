package io.greentrain.jobs;

import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.greentrain.energy.Phases;
import io.greentrain.formats.JsonFiles;
import io.greentrain.jobs.config.JobConfig;
import io.greentrain.preprocessing.features.FeatureConverter;
import io.greentrain.preprocessing.features.LabelTransform;
import io.greentrain.preprocessing.tabular.CleaningReport;
import io.greentrain.preprocessing.tabular.CleaningResult;
import io.greentrain.preprocessing.tabular.CleaningSpec;
import io.greentrain.preprocessing.tabular.ColumnSpec;
import io.greentrain.preprocessing.tabular.TabularCleaner;
import io.greentrain.training.LabelDecoder;
import io.greentrain.training.NetworkFiles;
import io.greentrain.training.NetworkPredictor;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The {@code predict} job: scores raw CSV rows with a finished run's model folder. Rows pass the
 * same declared checks as in training (the label need not be present); rows that fail go to
 * {@code OUTPUT/quarantine} with their reason, every other row gets a prediction in the label's
 * units in {@code OUTPUT/predictions}, and {@code OUTPUT/report.json} counts both, with what the
 * job cost per prediction ({@code inference}: predictions, seconds, joules of its phase
 * {@code predict}, predictions per joule, whether the energy is estimated), also recorded in the
 * ledger as a work line ({@code predictions}). Not a
 * {@link Step}: it reads a model folder rather than a run's committed outputs, and keeps no marker.
 */
final class PredictCommand {

    /** The energy phase of the whole job. */
    static final String PHASE = "predict";

    /** The ledger's work unit of the job: rows scored. */
    static final String PREDICTIONS = "predictions";

    private PredictCommand() {
    }

    static int run(JobArguments arguments, PrintStream out) {
        String modelDir = arguments.model().orElseThrow(() -> new UsageException("predict needs --model DIR"));
        String outputDir = arguments.output().orElseThrow(() -> new UsageException("predict needs --output DIR"));
        if (arguments.inputs().isEmpty()) {
            throw new UsageException("predict needs at least one --input PATH");
        }
        if (arguments.configPath().isPresent()) {
            throw new UsageException("predict reads its configuration from the model folder; drop --config");
        }
        RunLayout.ModelLayout model = new RunLayout.ModelLayout(modelDir);
        JobConfig config = JobConfig.load(model.jobConfig(), arguments.overrides(), new Configuration());
        refuseRedactedValues(config, model.jobConfig());
        Progress progress = new Progress(out);

        SparkSession spark = JobRunner.session("greentrain predict", new RunLayout(outputDir));
        Phases.enter(spark.sparkContext(), PHASE);
        InferenceCost.Stopwatch stopwatch = InferenceCost.start(spark.sparkContext(), PHASE);
        Configuration hadoopConf = spark.sparkContext().hadoopConfiguration();
        JsonNode features = JsonFiles.read(model.features(), hadoopConf);
        String label = features.path("labelTransform").path("label").asText();
        LabelTransform labelTransform = ConvertStep.labelTransform(features);
        CleaningSpec spec = config.cleaningSpec().forScoring(label);

        progress.report("predict", "reading %s", arguments.inputs());
        CleaningResult cleaned = TabularCleaner.clean(spark, arguments.inputs(), spec);
        PipelineModel pipeline = PipelineModel.load(model.featurePipeline());
        MultiLayerNetwork network = NetworkFiles.load(model.network(), hadoopConf);
        LabelDecoder decoder = labelTransform::decode;
        String predictionColumn = "predicted_" + label;

        List<Column> outputColumns = new ArrayList<>(List.of(
                org.apache.spark.sql.functions.col(TabularCleaner.SOURCE_FILE),
                org.apache.spark.sql.functions.col(TabularCleaner.SOURCE_OFFSET)));
        for (ColumnSpec column : spec.columns()) {
            outputColumns.add(io.greentrain.preprocessing.ColumnNames.quoted(column.name()));
        }
        outputColumns.add(org.apache.spark.sql.functions.col(predictionColumn));
        Dataset<Row> predictions = NetworkPredictor.predict(pipeline.transform(cleaned.kept()), network,
                FeatureConverter.FEATURES, predictionColumn, decoder).select(outputColumns.toArray(Column[]::new));

        DataFrameWriter<Row> writer = predictions.write().mode(SaveMode.Overwrite);
        if (arguments.format().equals("csv")) {
            writer.option("header", "true").csv(outputDir + "/predictions");
        } else {
            writer.parquet(outputDir + "/predictions");
        }
        cleaned.quarantine().write().mode(SaveMode.Overwrite).parquet(outputDir + "/quarantine");
        Map<String, Long> unseen = unseenCategories(cleaned.kept(), pipeline, config.featureSpec().categorical());
        cleaned.release();

        CleaningReport report = cleaned.report();
        // The whole job's cost (reading, cleaning, features, scoring, writing) per prediction: what scoring a file costs.
        InferenceCost cost = stopwatch.stop(report.rowsKept());
        io.greentrain.energy.EnergyPlugin.recordWork(spark.sparkContext(), PHASE, PREDICTIONS, report.rowsKept());
        ObjectNode json = JsonFiles.newObject();
        json.put("model", modelDir);
        json.put("rowsIn", report.rowsIn());
        json.put("rowsScored", report.rowsKept());
        json.put("rowsQuarantined", report.rowsQuarantined());
        ObjectNode reasons = json.putObject("quarantinedByReason");
        report.quarantinedByReason().forEach(reasons::put);
        ObjectNode unseenJson = json.putObject("unseenCategories");
        unseen.forEach(unseenJson::put);
        json.put("predictions", outputDir + "/predictions");
        json.put("quarantine", outputDir + "/quarantine");
        json.set("inference", cost.toJson());
        JsonFiles.write(json, outputDir + "/report.json", hadoopConf);
        progress.report("predict", "%d rows in: %d scored, %d quarantined; predictions in %s/predictions",
                report.rowsIn(), report.rowsKept(), report.rowsQuarantined(), outputDir);
        progress.report("predict", "%s (the whole job: reading, cleaning, features, scoring and writing)",
                cost.describe());
        unseen.forEach((column, rows) -> {
            if (rows > 0) {
                progress.report("predict", "%d scored rows have a %s never seen in training (scored as an unknown "
                        + "category)", rows, column);
            }
        });
        return JobRunner.OK;
    }

    /**
     * The configuration {@code predict} reads from the model's {@code job.conf}: how rows are checked and cleaned, and
     * which columns are features. Its input and output are the command line's ({@code --input}, {@code --output}),
     * never {@code greentrain.input.paths} or {@code greentrain.output.dir}.
     */
    static final List<String> KEYS_READ = List.of("greentrain.clean", "greentrain.features");

    /**
     * Refuses to score with a value that lost a credential when the model's {@code job.conf} was written (every
     * URI's user information and secret parameters are redacted there): one line naming the first such key under
     * {@link #KEYS_READ}, and how to give it again ({@code --set KEY=VALUE}, which takes precedence over the file).
     * Redacted keys that {@code predict} does not read are no obstacle.
     *
     * @throws io.greentrain.jobs.config.ConfigException naming the key
     */
    static void refuseRedactedValues(JobConfig config, String jobConf) {
        List<String> redacted = config.keysHolding(io.greentrain.energy.config.UriRedaction.REDACTED, KEYS_READ);
        if (!redacted.isEmpty()) {
            String first = redacted.get(0);
            String key = settableKey(first);
            throw new io.greentrain.jobs.config.ConfigException(first + " in " + jobConf + " was redacted when the "
                    + "model was saved (it held a credential): give " + key + " again with --set " + key + "=..."
                    + (redacted.size() > 1 ? " (also redacted: " + String.join(", ", redacted.subList(1,
                    redacted.size())) + ")" : ""));
        }
    }

    /** The key {@code --set} can replace for a value at {@code path}: the path up to its first list index. */
    static String settableKey(String path) {
        String[] parts = path.split("\\.");
        StringBuilder key = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length && !parts[i].chars().allMatch(Character::isDigit); i++) {
            key.append('.').append(parts[i]);
        }
        return key.toString();
    }

    /**
     * Per categorical feature column, how many of {@code rows} hold a value the fitted pipeline's
     * {@link StringIndexerModel} never saw in training (it scores them as one "unknown" category).
     * The indexer's input columns are the categorical features in declared order.
     */
    static Map<String, Long> unseenCategories(Dataset<Row> rows, PipelineModel pipeline, List<String> categorical) {
        Map<String, Long> unseen = new TreeMap<>();
        List<Column> counts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Transformer stage : pipeline.stages()) {
            if (stage instanceof StringIndexerModel indexer) {
                String[][] labels = indexer.labelsArray();
                for (int i = 0; i < labels.length && i < categorical.size(); i++) {
                    Column value = io.greentrain.preprocessing.ColumnNames.quoted(categorical.get(i));
                    counts.add(sum(when(value.isNotNull().and(not(value.isin((Object[]) labels[i]))), 1L)
                            .otherwise(0L)));
                    names.add(categorical.get(i));
                }
            }
        }
        if (counts.isEmpty()) {
            return unseen;
        }
        Row totals = rows.agg(counts.get(0), counts.subList(1, counts.size()).toArray(Column[]::new)).first();
        for (int i = 0; i < names.size(); i++) {
            unseen.put(names.get(i), totals.isNullAt(i) ? 0L : totals.getLong(i));
        }
        return unseen;
    }
}
