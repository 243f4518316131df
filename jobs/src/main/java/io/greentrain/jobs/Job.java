package io.greentrain.jobs;

import io.greentrain.jobs.config.KeyGroup;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A job of the command line ({@code greentrain JOB ...}): a whole registered {@link Pipeline}, one
 * step of it, or one of the two commands that are not steps ({@link #PREDICT}, {@link #LEDGER}).
 * The names, {@code --help} and {@code JOB --help} all come from the registered pipelines and their
 * steps ({@link Pipelines}). Immutable.
 *
 * @param cliName     the name on the command line, e.g. {@code clean} or {@code text-pipeline}
 * @param description what the job does, in one line
 * @param pipeline    the pipeline the job's steps belong to; empty for predict and ledger
 * @param steps       the steps the job runs, in order; empty for predict and ledger
 */
public record Job(String cliName, String description, Optional<Pipeline> pipeline, List<Step> steps) {

    /** {@code predict --model DIR --input PATH... --output DIR}: not a step, it has no marker. */
    public static final Job PREDICT = new Job("predict", "score CSV rows with the model folder of a finished run",
            Optional.empty(), List.of());

    /** {@code ledger verify LEDGER...} and {@code ledger report LEDGER... --out DIR}. */
    public static final Job LEDGER = new Job("ledger", "verify carbon ledgers' hash chains, or report on them",
            Optional.empty(), List.of());

    /** {@code inspect OUTPUT [--rows N]}: where the clean step's rows went; no Spark. */
    public static final Job INSPECT = new Job("inspect",
            "print where the clean step's rows went: counts per reason and column, first quarantined and duplicate rows",
            Optional.empty(), List.of());

    /** {@code carbon-window --zone Z --duration D --deadline T --intensity CSV}: when to start, from a forecast. */
    public static final Job CARBON_WINDOW = new Job("carbon-window",
            "the start time before a deadline with the lowest expected gCO2e, from an intensity forecast",
            Optional.empty(), List.of());

    /** {@code levers --config C --grid G --output DIR}: the prepared data trained under each setting of a grid. */
    public static final Job LEVERS = new Job("levers",
            "train the prepared data under each setting of a grid and compare energy to accuracy",
            Optional.empty(), List.of());

    public Job {
        steps = List.copyOf(steps);
    }

    /** The job that runs the whole of {@code pipeline}. */
    public static Job of(Pipeline pipeline) {
        return new Job(pipeline.name(), pipeline.description(), Optional.of(pipeline), pipeline.steps());
    }

    /** The job that runs {@code step} of {@code pipeline} alone. */
    public static Job of(Pipeline pipeline, Step step) {
        return new Job(step.name(), step.description(), Optional.of(pipeline), List.of(step));
    }

    /**
     * Every job, in the order {@code --help} lists them: each registered pipeline's steps, then the
     * pipeline itself; then predict, inspect and ledger.
     */
    public static List<Job> all() {
        List<Job> jobs = new ArrayList<>();
        for (Pipeline pipeline : Pipelines.all()) {
            pipeline.steps().forEach(step -> jobs.add(of(pipeline, step)));
            jobs.add(of(pipeline));
        }
        jobs.add(PREDICT);
        jobs.add(INSPECT);
        jobs.add(LEDGER);
        jobs.add(CARBON_WINDOW);
        jobs.add(LEVERS);
        Set<String> names = new LinkedHashSet<>();
        for (Job job : jobs) {
            if (!names.add(job.cliName())) {
                throw new IllegalStateException("two jobs are called " + job.cliName());
            }
        }
        return List.copyOf(jobs);
    }

    /**
     * The job called {@code name}.
     *
     * @throws UsageException listing the jobs when there is none of that name
     */
    public static Job fromCliName(String name) {
        List<Job> all = all();
        return all.stream().filter(j -> j.cliName().equals(name)).findFirst()
                .orElseThrow(() -> new UsageException("unknown job '" + name + "' (expected one of "
                        + all.stream().map(Job::cliName).toList() + ")"));
    }

    /** Whether the job runs steps (with markers and a summary), rather than being predict or ledger. */
    public boolean runsSteps() {
        return pipeline.isPresent();
    }

    /** The usage text of {@code greentrain --help}: the command lines, then every job with its description. */
    public static String usage() {
        List<Job> all = all();
        int width = all.stream().mapToInt(job -> job.cliName().length()).max().orElse(0);
        StringBuilder text = new StringBuilder(String.join("\n",
                "usage: greentrain JOB [--config PATH] [--set KEY=VALUE]... [--input PATH]... [--output DIR] [--force]",
                "       greentrain predict --model DIR --input PATH... --output DIR [--format parquet|csv]",
                "       greentrain inspect OUTPUT [--rows N]",
                "       greentrain ledger verify LEDGER...  |  greentrain ledger report LEDGER... --out DIR",
                "       greentrain levers --config PATH --grid GRID --output DIR [--set KEY=VALUE]...",
                "       greentrain carbon-window --zone ZONE --duration 2h --deadline INSTANT --intensity CSV [--json]",
                "       greentrain JOB --help    (the job's arguments and the configuration it reads)",
                "jobs:"));
        for (Job job : all) {
            text.append(String.format(Locale.ROOT, "%n  %-" + width + "s  %s", job.cliName(), job.description()));
        }
        return text.append("\nkeys: docs/configuration.md").toString();
    }

    /**
     * The text of {@code greentrain JOB --help}: the job's command line and arguments, and for each
     * step it runs the outputs it writes and the configuration sections it reads.
     */
    public String help() {
        if (this.equals(PREDICT)) {
            return String.join("\n",
                    "usage: greentrain predict --model DIR --input PATH... --output DIR [--format parquet|csv] [--set KEY=VALUE]...",
                    "predict: " + description,
                    "reads its configuration from the model folder (DIR/job.conf); --set overrides keys of it",
                    JobArguments.FLAGS);
        }
        if (this.equals(INSPECT)) {
            return String.join("\n",
                    "usage: greentrain inspect OUTPUT [--rows N]",
                    "inspect: " + description,
                    "reads OUTPUT/clean/report.json and the JSON Lines copies clean/quarantine-json and "
                            + "clean/duplicates-json (the staged ones in OUTPUT/_staging/clean when the step did not commit)",
                    "arguments:",
                    "  --rows N           how many rows of each to print (default " + InspectCommand.DEFAULT_ROWS + ")",
                    "  --help             this text");
        }
        Pipeline of = pipeline.orElseThrow(() -> new IllegalStateException(cliName + " has its own help"));
        StringBuilder text = new StringBuilder();
        text.append("usage: greentrain ").append(cliName)
                .append(" [--config PATH] [--set KEY=VALUE]... [--input PATH]... [--output DIR] [--force]\n");
        text.append(cliName).append(": ").append(description).append('\n');
        text.append("pipeline ").append(of.name()).append(": ")
                .append(of.steps().stream().map(Step::name).collect(Collectors.joining(" -> "))).append('\n');
        for (Step step : steps) {
            text.append("  ").append(step.name()).append('\n');
            of.upstreamOf(step).ifPresentOrElse(
                    upstream -> text.append("    reads:  the finished output of ").append(upstream.name()).append('\n'),
                    () -> text.append("    reads:  the input files (greentrain.input.paths or --input)\n"));
            text.append("    writes: ").append(String.join(", ", step.outputs())).append('\n');
            text.append("    config: ").append(step.keyGroups().isEmpty() ? "(none)"
                    : step.keyGroups().stream().map(KeyGroup::path).collect(Collectors.joining(", "))).append('\n');
        }
        return text.append(JobArguments.FLAGS).append("\nkeys: docs/configuration.md").toString();
    }
}
