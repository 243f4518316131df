package io.greentrain.jobs;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The jobs greentrain runs, each also runnable alone; {@link #PIPELINE} runs the first four in order. */
public enum Job {
    CLEAN("clean"),
    CONVERT("convert"),
    TRAIN("train", "validation"),
    EVALUATE("test"),
    PIPELINE,
    PREDICT,
    /** {@code ledger verify LEDGER...} and {@code ledger report LEDGER... --out DIR}. */
    LEDGER;

    private final List<String> summarySections;

    Job(String... summarySections) {
        this.summarySections = List.of(summarySections);
    }

    /** The name on the command line, e.g. {@code clean}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The {@code summary.json} sections this step writes. */
    List<String> summarySections() {
        return summarySections;
    }

    /** The steps, in pipeline order. */
    static List<Job> steps() {
        return List.of(CLEAN, CONVERT, TRAIN, EVALUATE);
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
