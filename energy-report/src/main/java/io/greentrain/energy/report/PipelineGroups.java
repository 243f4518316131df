package io.greentrain.energy.report;

import java.util.List;

/**
 * The phase groups of greentrain's pipelines, in the order their steps run, which is the order the
 * report lists and stacks them in. These are {@code jobs}' step names and its {@code predict}
 * command's phase; this module may not depend on {@code jobs}, so a test there holds this list to
 * its pipelines.
 */
public final class PipelineGroups {

    /** Data preparation, training, evaluation, then prediction; tabular and text steps interleaved. */
    public static final List<String> IN_ORDER = List.of("clean", "text-clean", "convert", "text-prepare", "train",
            "text-train", "evaluate", "predict");

    private PipelineGroups() {
    }
}
