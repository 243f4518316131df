package io.greentrain.jobs;

import io.greentrain.jobs.config.JobConfig;
import io.greentrain.preprocessing.tabular.CsvInputFiles;
import io.greentrain.preprocessing.text.read.TextCorpusReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a step's marker must match for the step to be skipped (see {@link RunLayout}): the input
 * fingerprint and the hash of the configuration keys the step depends on. Driver-only.
 */
final class StepState {

    private StepState() {
    }

    /**
     * The configuration keys {@code step} depends on. Changing any other key (the output folder, a
     * later step's settings) does not make it run again.
     */
    static List<String> configKeys(Job step) {
        return switch (step) {
            case CLEAN -> List.of("greentrain.input", "greentrain.clean");
            case CONVERT -> List.of("greentrain.features", "greentrain.train.batch-size-per-worker");
            case TRAIN -> List.of("greentrain.model", "greentrain.train");
            case EVALUATE -> List.of();
            case TEXT_CLEAN -> List.of("greentrain.input", "greentrain.text.format", "greentrain.text.charset",
                    "greentrain.text.json", "greentrain.text.email", "greentrain.text.normalize",
                    "greentrain.text.quality", "greentrain.text.dedup");
            case TEXT_PREPARE -> List.of("greentrain.text.vocabulary", "greentrain.text.sequence",
                    "greentrain.train.batch-size-per-worker");
            case TEXT_TRAIN -> List.of("greentrain.lm", "greentrain.train");
            default -> throw new IllegalArgumentException("not a step: " + step);
        };
    }

    static String configHash(Job step, JobConfig config) {
        return config.hashOf(configKeys(step));
    }

    /**
     * What {@code step} reads, as a fingerprint: for {@code clean} the SHA-256 of the input files'
     * contents ({@link InputFingerprint}) (one Spark job reading them), for later steps the upstream step and its commit id.
     *
     * @throws IllegalArgumentException when the upstream step has no marker
     */
    static String inputFingerprint(Job step, JobContext ctx) {
        if (step == Job.CLEAN) {
            CsvInputFiles files = CsvInputFiles.discover(ctx.config().requireInputPaths(), ctx.config().cleaningSpec(),
                    ctx.hadoopConf());
            List<String> all = new ArrayList<>(files.files());
            all.addAll(files.emptyFiles());
            return InputFingerprint.sha256(ctx.jsc(), all);
        }
        if (step == Job.TEXT_CLEAN) {
            return InputFingerprint.sha256(ctx.jsc(),
                    TextCorpusReader.listFiles(ctx.hadoopConf(), ctx.config().requireInputPaths()));
        }
        Job upstream = step.upstream();
        String markerPath = ctx.layout().marker(upstream);
        Optional<StepMarker> marker = StepMarker.read(markerPath, ctx.hadoopConf());
        if (marker.isEmpty()) {
            throw new IllegalArgumentException(step.cliName() + " needs the finished output of " + upstream.cliName()
                    + ", but there is no marker " + markerPath + ": run " + upstream.cliName() + " (or "
                    + (step.isText() ? "text-pipeline" : "pipeline") + ") first");
        }
        return upstream.cliName() + ":" + marker.get().commitId();
    }
}
