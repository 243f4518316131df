package io.greentrain.jobs;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.apache.hadoop.fs.Path;
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

    /** The bytes stored in the cleaned rows' Parquet files; empty when they cannot be listed (the run fails later). */
    @Override
    public OptionalLong inputBytes(JobContext ctx) {
        Path cleaned = new Path(ctx.layout().cleaned());
        try {
            return OptionalLong.of(cleaned.getFileSystem(ctx.hadoopConf()).getContentSummary(cleaned).getLength());
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** Runs the step, writing into {@code out}, and returns the {@code convert} section of the summary. */
    @Override
    public ObjectNode run(JobContext ctx, RunLayout out, String input) {
        FeatureSpec spec = ctx.config().featureSpec();
        RunLayout layout = out;
        Dataset<Row> cleaned = ctx.spark().read().parquet(ctx.layout().cleaned());
        FeatureConverter.Conversion conversion = FeatureConverter.convert(cleaned, spec);
        if (MinibatchFiles.writesOnDriver(conversion.examplesCount(), conversion.featureCount())) {
            MinibatchFiles.loadBackendInBackground();
        }
        // Saving the fitted pipeline is a dozen small Spark jobs, mostly the driver's work: they run beside
        // the examples' jobs, whose tasks leave a core free on a small table.
        FutureTask<Void> pipelineSaved = new FutureTask<>(() -> {
            conversion.featurePipeline().write().overwrite().save(layout.model().featurePipeline());
            return null;
        });
        // A new thread inherits Spark's local properties: the pipeline's jobs count in this step's energy phase.
        new Thread(pipelineSaved, "greentrain-save-feature-pipeline").start();
        try {
            conversion.examples().write().mode(SaveMode.Overwrite).partitionBy(FeatureConverter.SPLIT)
                    .parquet(layout.examples());
            ObjectNode section = writeMinibatches(ctx, layout, spec, conversion);
            awaitSaved(pipelineSaved);
            JsonFiles.write(section, layout.model().features(), ctx.hadoopConf());
            ObjectNode sections = JsonFiles.newObject();
            sections.set("convert", section);
            return sections;
        } finally {
            // A failure above leaves the saving to finish, never to write into the staging folder after the step.
            if (!pipelineSaved.isDone()) {
                try {
                    pipelineSaved.get();
                } catch (ExecutionException e) {
                    // the failure being thrown already is the one to report
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static void awaitSaved(FutureTask<Void> pipelineSaved) {
        try {
            pipelineSaved.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while saving the feature pipeline", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw new UncheckedIOException("cannot save the feature pipeline", io);
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("cannot save the feature pipeline", e.getCause());
        }
    }

    /** The examples as written to minibatch files, train and validation, and the {@code convert} section. */
    private static ObjectNode writeMinibatches(JobContext ctx, RunLayout layout, FeatureSpec spec,
                                               FeatureConverter.Conversion conversion) {
        // The schema is the one just written: given, it spares Spark the job that reads a file's footer for it.
        Dataset<Row> examples = ctx.spark().read().schema(conversion.examples().schema()).parquet(layout.examples());
        ObjectNode section = JsonFiles.newObject();
        section.put("featureCount", conversion.featureCount());
        section.put("rowsWithoutLabel", conversion.rowsWithoutLabel());
        ObjectNode splits = section.putObject("splitRows");
        ObjectNode files = section.putObject("minibatchFiles");
        // The counts and the files from the examples as written; small ones in one job, written by the driver.
        Map<String, String> folders = new LinkedHashMap<>();
        folders.put(FeatureConverter.TRAIN, layout.minibatches(FeatureConverter.TRAIN));
        folders.put(FeatureConverter.VALIDATION, layout.minibatches(FeatureConverter.VALIDATION));
        MinibatchFiles.SplitsWritten written = MinibatchFiles.writeSplits(ctx.spark(), examples, FeatureConverter.SPLIT,
                FeatureConverter.FEATURES, FeatureConverter.TARGET, FeatureConverter.shuffleKey(spec.split().seed()),
                folders, spec.minibatchSize(), conversion.examplesCount(), conversion.featureCount());
        long examplesWritten = written.rowsPerSplit().values().stream().mapToLong(Long::longValue).sum();
        if (examplesWritten != conversion.examplesCount()) {
            throw new IllegalStateException("the examples hold " + examplesWritten + " rows, but " + conversion.examplesCount()
                    + " rows have a label");
        }
        for (String split : new String[] {FeatureConverter.TRAIN, FeatureConverter.VALIDATION, FeatureConverter.TEST}) {
            splits.put(split, written.rowsPerSplit().getOrDefault(split, 0L));
        }
        written.filesPerSplit().forEach((split, batches) -> files.put(split, batches.paths().size()));
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
        return section;
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
