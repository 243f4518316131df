package io.greentrain.jobs;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The jobs greentrain runs, each also runnable alone. {@link #PIPELINE} runs the four tabular
 * steps in order; {@link #TEXT_PIPELINE} the three text-corpus steps.
 */
public enum Job {
    CLEAN("clean"),
    CONVERT("convert"),
    TRAIN("train", "validation"),
    EVALUATE("test"),
    PIPELINE,
    PREDICT,
    /** {@code ledger verify LEDGER...} and {@code ledger report LEDGER... --out DIR}. */
    LEDGER,
    /** Text corpus: read, normalise, quality-filter, exact and near deduplicate. */
    TEXT_CLEAN("textClean"),
    /** Text corpus: character vocabulary and fixed-length sequences as DL4J minibatch files. */
    TEXT_PREPARE("textPrepare"),
    /** Text corpus: train the character language model, held-out perplexity, sampled text. */
    TEXT_TRAIN("lm"),
    TEXT_PIPELINE;

    private final List<String> summarySections;

    Job(String... summarySections) {
        this.summarySections = List.of(summarySections);
    }

    /** The name on the command line, e.g. {@code clean} or {@code text-clean}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The {@code summary.json} sections this step writes. */
    List<String> summarySections() {
        return summarySections;
    }

    /** The steps, in pipeline order. */
    static List<Job> steps() {
        return List.of(CLEAN, CONVERT, TRAIN, EVALUATE);
    }

    /** The text-corpus steps, in pipeline order. */
    static List<Job> textSteps() {
        return List.of(TEXT_CLEAN, TEXT_PREPARE, TEXT_TRAIN);
    }

    /** This step and the steps after it in its pipeline: the ones a run of this step makes stale. */
    List<Job> laterSteps() {
        List<Job> family = isText() ? textSteps() : steps();
        return family.subList(family.indexOf(this), family.size());
    }

    /** The step before this one in its pipeline, or null for the first. */
    Job upstream() {
        List<Job> family = isText() ? textSteps() : steps();
        int index = family.indexOf(this);
        return index > 0 ? family.get(index - 1) : null;
    }

    /** Whether this job is one of the text-corpus jobs. */
    boolean isText() {
        return this == TEXT_PIPELINE || textSteps().contains(this);
    }

    /**
     * The job called {@code name}.
     *
     * @throws UsageException listing the jobs when there is none of that name
     */
    public static Job fromCliName(String name) {
        return Arrays.stream(values()).filter(j -> j.cliName().equals(name)).findFirst()
                .orElseThrow(() -> new UsageException("unknown job '" + name + "' (expected one of "
                        + Arrays.stream(values()).map(Job::cliName).toList() + ")"));
    }
}
