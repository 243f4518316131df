package io.greentrain.jobs;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.greentrain.jobs.config.GreentrainKeys;
import io.greentrain.jobs.config.JobConfig;
import io.greentrain.jobs.config.KeyGroup;
import io.greentrain.energy.Phases;
import io.greentrain.formats.JsonFiles;
import io.greentrain.preprocessing.features.FeatureConverter;
import io.greentrain.preprocessing.features.FeatureSpec;
import io.greentrain.preprocessing.features.LabelTransform;
import io.greentrain.preprocessing.features.MinibatchFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Step 2: cleaned rows to features (fitted on the train split), a seeded split, and DL4J minibatch
 * files for the train and validation splits. Saves the feature pipeline into the model folder.
 */
final class ConvertStep implements Step {

    @Override
    public String name() {
        return "convert";
    }

    @Override
    public String description() {
        return "cleaned rows to features, a seeded split and DL4J minibatch files";
    }

    @Override
    public List<String> outputs() {
        return List.of("features", "minibatches", "model/feature-pipeline", "model/features.json");
    }

    /** The features, and the batch size the minibatch files are cut to. */
    @Override
    public List<KeyGroup> keyGroups() {
        return List.of(KeyGroup.section("greentrain.features"), KeyGroup.of(GreentrainKeys.TRAIN_BATCH_SIZE_PER_WORKER));
    }

    @Override
    public List<String> summarySections() {
        return List.of("convert");
    }

    @Override
    public void validate(JobConfig config) {
        config.featureSpec();
    }

    /** Runs the step, writing into {@code out}, and returns the {@code convert} section of the summary. */
    @Override
    public ObjectNode run(JobContext ctx, RunLayout out, String input) {
        FeatureSpec spec = ctx.config().featureSpec();
        RunLayout layout = out;
        Dataset<Row> cleaned = ctx.spark().read().parquet(ctx.layout().cleaned());
        FeatureConverter.Conversion conversion = FeatureConverter.convert(cleaned, spec);
        try {
            conversion.featurePipeline().write().overwrite().save(layout.model().featurePipeline());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the feature pipeline", e);
        }
        conversion.examples().write().mode(SaveMode.Overwrite).partitionBy(FeatureConverter.SPLIT)
                .parquet(layout.examples());

        Dataset<Row> examples = ctx.spark().read().parquet(layout.examples());
        ObjectNode section = JsonFiles.newObject();
        section.put("featureCount", conversion.featureCount());
        section.put("rowsWithoutLabel", conversion.rowsWithoutLabel());
        ObjectNode splits = section.putObject("splitRows");
        ObjectNode files = section.putObject("minibatchFiles");
        // One job counts every split (the split is the folder of each file: no column of the files is read).
        Map<String, Long> rowsPerSplit = new HashMap<>();
        for (Row count : examples.groupBy(col(FeatureConverter.SPLIT)).count().collectAsList()) {
            rowsPerSplit.put(count.getString(0), count.getLong(1));
        }
        for (String split : new String[] {FeatureConverter.TRAIN, FeatureConverter.VALIDATION, FeatureConverter.TEST}) {
            Dataset<Row> rows = examples.filter(col(FeatureConverter.SPLIT).equalTo(split));
            splits.put(split, rowsPerSplit.getOrDefault(split, 0L));
            if (!split.equals(FeatureConverter.TEST)) {
                MinibatchFiles.Written written = MinibatchFiles.write(ctx.spark(), rows, FeatureConverter.FEATURES,
                        FeatureConverter.TARGET, FeatureConverter.shuffleKey(spec.split().seed()),
                        layout.minibatches(split), spec.minibatchSize());
                files.put(split, written.paths().size());
            }
        }
        section.put("minibatchSize", spec.minibatchSize());
        LabelTransform label = conversion.labelTransform();
        ObjectNode labelNode = section.putObject("labelTransform");
        labelNode.put("label", spec.label());
        labelNode.put("kind", label.kind().name().toLowerCase(Locale.ROOT));
        labelNode.put("mean", label.mean());
        labelNode.put("std", label.std());
        ctx.progress().report("convert", "%d features; split train %d / validation %d / test %d; %d + %d minibatch files of %d",
                conversion.featureCount(), splits.get("train").asLong(), splits.get("validation").asLong(),
                splits.get("test").asLong(), files.get("train").asInt(), files.get("validation").asInt(),
                spec.minibatchSize());
        JsonFiles.write(section, layout.model().features(), ctx.hadoopConf());
        ObjectNode sections = JsonFiles.newObject();
        sections.set("convert", section);
        return sections;
    }

    @Override
    public void printSummary(JsonNode summary, PrintStream out) {
        JsonNode convert = summary.path("convert");
        if (!convert.isMissingNode()) {
            out.printf(Locale.ROOT, "  convert   %d features; train %d / validation %d / test %d rows%n",
                    convert.path("featureCount").asInt(), convert.path("splitRows").path("train").asLong(),
                    convert.path("splitRows").path("validation").asLong(), convert.path("splitRows").path("test").asLong());
        }
    }

    /** The label transform recorded in {@code model/features.json} (the convert section). */
    static LabelTransform labelTransform(JsonNode features) {
        JsonNode label = features.path("labelTransform");
        return new LabelTransform(
                io.greentrain.preprocessing.features.LabelTransformKind.fromConfigName(label.path("kind").asText()),
                label.path("mean").asDouble(), label.path("std").asDouble());
    }
}
