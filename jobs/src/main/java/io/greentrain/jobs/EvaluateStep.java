package io.greentrain.jobs;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.greentrain.energy.Phases;
import io.greentrain.formats.JsonFiles;
import io.greentrain.preprocessing.features.FeatureConverter;
import io.greentrain.preprocessing.features.LabelTransform;
import io.greentrain.preprocessing.tabular.TabularCleaner;
import io.greentrain.training.LabelDecoder;
import io.greentrain.training.NetworkFiles;
import io.greentrain.training.NetworkPredictor;
import io.greentrain.training.RegressionMetrics;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** Step 4: scores the test split with the saved network and reports RMSE, MAE and R² in the label's units. */
final class EvaluateStep {

    private EvaluateStep() {
    }

    /** Runs the step, writing into {@code out}, and returns its {@code test} section of the summary. */
    static ObjectNode run(JobContext ctx, RunLayout out) {
        RunLayout layout = ctx.layout();
        Phases.enter(ctx.spark().sparkContext(), "evaluate");
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
        return section;
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
