package io.greentrain.jobs;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.greentrain.jobs.config.KeyGroup;
import io.greentrain.energy.Phases;
import io.greentrain.formats.JsonFiles;
import io.greentrain.preprocessing.features.FeatureConverter;
import io.greentrain.preprocessing.features.LabelTransform;
import io.greentrain.preprocessing.tabular.TabularCleaner;
import io.greentrain.training.LabelDecoder;
import io.greentrain.training.NetworkFiles;
import io.greentrain.training.NetworkPredictor;
import io.greentrain.training.RegressionMetrics;
import java.io.PrintStream;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** Step 4: scores the test split with the saved network and reports RMSE, MAE and R² in the label's units. */
final class EvaluateStep implements Step {

    @Override
    public String name() {
        return "evaluate";
    }

    @Override
    public String description() {
        return "score the test split with the trained network: RMSE, MAE and R2 in the label's units";
    }

    @Override
    public List<String> outputs() {
        return List.of("evaluation");
    }

    /** None: everything it reads (the network, the examples, the label transform) comes from earlier steps. */
    @Override
    public List<KeyGroup> keyGroups() {
        return List.of();
    }

    @Override
    public List<String> summarySections() {
        return List.of("test");
    }

    /** Runs the step, writing into {@code out}, and returns the {@code test} section of the summary. */
    @Override
    public ObjectNode run(JobContext ctx, RunLayout out, String input) {
        RunLayout layout = ctx.layout();
        JsonNode features = JsonFiles.read(layout.model().features(), ctx.hadoopConf());
        LabelTransform labelTransform = ConvertStep.labelTransform(features);
        String label = features.path("labelTransform").path("label").asText();
        MultiLayerNetwork network = NetworkFiles.load(layout.model().network(), ctx.hadoopConf());
        Dataset<Row> test = ctx.spark().read().parquet(layout.examples())
                .filter(col(FeatureConverter.SPLIT).equalTo(FeatureConverter.TEST));
        LabelDecoder decoder = labelTransform::decode;
        NetworkPredictor.predict(test, network, FeatureConverter.FEATURES, TrainStep.PREDICTION, decoder)
                .select(col(TabularCleaner.SOURCE_FILE), col(TabularCleaner.SOURCE_OFFSET),
                        col("`" + label + "`"), col(TrainStep.PREDICTION))
                .write().mode(SaveMode.Overwrite).parquet(out.testPredictions());
        RegressionMetrics metrics = RegressionMetrics.of(ctx.spark().read().parquet(out.testPredictions()),
                label, TrainStep.PREDICTION);
        ctx.progress().report("evaluate", "test rows %d: rmse %,.0f, mae %,.0f, r2 %.4f",
                metrics.count(), metrics.rmse(), metrics.mae(), metrics.r2());
        ObjectNode section = metricsJson(metrics);
        JsonFiles.write(section, out.evaluationReport(), ctx.hadoopConf());
        ObjectNode sections = JsonFiles.newObject();
        sections.set("test", section);
        return sections;
    }

    @Override
    public void printSummary(JsonNode summary, PrintStream out) {
        JobRunner.printMetrics(out, "test", summary.path("test"));
    }

    static ObjectNode metricsJson(RegressionMetrics metrics) {
        ObjectNode node = JsonFiles.newObject();
        node.put("rows", metrics.count());
        node.put("rmse", metrics.rmse());
        node.put("mae", metrics.mae());
        node.put("r2", metrics.r2());
        return node;
    }
}
