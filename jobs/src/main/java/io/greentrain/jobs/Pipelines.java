package io.greentrain.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.greentrain.formats.JsonFiles;
import io.greentrain.jobs.config.ConfigKey;
import io.greentrain.jobs.config.GreentrainKeys;
import io.greentrain.jobs.text.TextCleanStep;
import io.greentrain.jobs.text.TextLayout;
import io.greentrain.jobs.text.TextPrepareStep;
import io.greentrain.jobs.text.TextTrainStep;
import java.util.List;

/**
 * The pipelines greentrain runs; the command line's jobs are these pipelines and their steps
 * ({@link Job#all()}). Adding a step is one {@link Step} class and one line in a list below.
 */
public final class Pipelines {

    /** The tabular pipeline: CSV rows to a trained, evaluated regression network. */
    public static final Pipeline TABULAR = new Pipeline("pipeline", "clean, convert, train and evaluate, in order",
            List.of(
                    new CleanStep(),
                    new ConvertStep(),
                    new TrainStep(),
                    new EvaluateStep()),
            Pipelines::tabularPaths);

    /** The text pipeline: a raw corpus to a trained character language model. */
    public static final Pipeline TEXT = new Pipeline("text-pipeline", "text-clean, text-prepare and text-train, in order",
            List.of(
                    new TextCleanStep(),
                    new TextPrepareStep(),
                    new TextTrainStep()),
            Pipelines::textPaths);

    /**
     * The keys no step's results depend on, so that changing them never makes a finished step run
     * again: where the run is written, how often progress is printed, and the compression the
     * {@code levers} job applies to its settings' models (that job reads them; no step does). Every other registered key belongs to some step's
     * {@link Step#keyGroups()} (a test checks it), so a new key cannot silently fail to invalidate
     * a marker.
     */
    public static final List<ConfigKey<?>> STEP_FREE_KEYS = List.of(GreentrainKeys.OUTPUT_DIR,
            GreentrainKeys.PROGRESS_INTERVAL_SECONDS, GreentrainKeys.LEVERS_PRUNE_SPARSITY,
            GreentrainKeys.LEVERS_PRUNE_FINE_TUNE_EPOCHS, GreentrainKeys.LEVERS_QUANTIZE);

    private Pipelines() {
    }

    /** Every registered pipeline, in the order {@code greentrain --help} lists them. */
    public static List<Pipeline> all() {
        return List.of(TABULAR, TEXT);
    }

    private static ObjectNode tabularPaths(RunLayout layout) {
        ObjectNode paths = JsonFiles.newObject();
        paths.put("output", layout.outputDir());
        paths.put("summary", layout.summary());
        paths.put("cleaned", layout.cleaned());
        paths.put("quarantine", layout.quarantine());
        paths.put("duplicates", layout.duplicates());
        paths.put("cleanReport", layout.cleanReport());
        paths.put("examples", layout.examples());
        paths.put("trainMinibatches", layout.minibatches("train"));
        paths.put("validationMinibatches", layout.minibatches("validation"));
        paths.put("model", layout.modelDir());
        paths.put("network", layout.model().network());
        paths.put("featurePipeline", layout.model().featurePipeline());
        paths.put("metadata", layout.model().metadata());
        paths.put("jobConfig", layout.model().jobConfig());
        paths.put("testPredictions", layout.testPredictions());
        paths.put("evaluationReport", layout.evaluationReport());
        paths.put("ledger", layout.ledger());
        return paths;
    }

    private static ObjectNode textPaths(RunLayout layout) {
        TextLayout text = new TextLayout(layout.outputDir());
        ObjectNode paths = JsonFiles.newObject();
        paths.put("output", layout.outputDir());
        paths.put("summary", layout.summary());
        paths.put("kept", text.kept());
        paths.put("removed", text.removed());
        paths.put("cleanReport", text.cleanReport());
        paths.put("vocabulary", text.vocabulary());
        paths.put("trainSequences", text.sequences(TextLayout.TRAIN));
        paths.put("heldOutSequences", text.sequences(TextLayout.HELD_OUT));
        paths.put("model", text.model());
        paths.put("ledger", layout.ledger());
        return paths;
    }
}
