package io.greentrain.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.greentrain.jobs.Job;
import io.greentrain.jobs.JobArguments;
import io.greentrain.jobs.RunLayout;
import io.greentrain.jobs.config.JobConfig;
import java.util.List;

/**
 * Checks a scheduled or submitted command line ({@code JOB ARGS...}, as {@code GreentrainMain}
 * takes it) with the jobs' own parsers, so that a scheduler file cannot drift from the CLI.
 */
final class JobCommandLines {

    private JobCommandLines() {
    }

    /** A pipeline step's command line, parsed: the job and its arguments. */
    record StepCommand(Job job, JobArguments arguments) {
    }

    /**
     * Parses a step's command line ({@code clean}, {@code convert}, {@code train}, {@code evaluate},
     * {@code text-clean}, {@code text-prepare}, {@code text-train} or either pipeline) with
     * {@link Job#fromCliName} and {@link JobArguments#parse}.
     *
     * @throws io.greentrain.jobs.UsageException as the job would, for an unknown job or argument
     */
    static StepCommand parseStep(List<String> commandLine) {
        assertThat(commandLine).as("command line").isNotEmpty();
        Job job = Job.fromCliName(commandLine.get(0));
        assertThat(job.runsSteps()).as("job of %s runs pipeline steps", commandLine).isTrue();
        JobArguments arguments = JobArguments.parse(commandLine.subList(1, commandLine.size()).toArray(String[]::new));
        assertThat(arguments.help()).as("--help in %s", commandLine).isFalse();
        return new StepCommand(job, arguments);
    }

    /**
     * Loads the job configuration a step would load, with {@code configFile} in place of the
     * scheduled {@code --config} path (which lives on a cluster), and returns its run layout: the
     * output folder after every override, as the job itself resolves it.
     */
    static RunLayout layoutOf(StepCommand step, String configFile) {
        return new RunLayout(configOf(step, configFile).outputDir());
    }

    /**
     * The job configuration a step would load, with {@code configFile} in place of the scheduled
     * {@code --config} path and every {@code --set}, {@code --input} and {@code --output} applied.
     *
     * @throws io.greentrain.jobs.config.ConfigException as the job would, for an unknown key or bad value
     */
    static JobConfig configOf(StepCommand step, String configFile) {
        assertThat(step.arguments().configPath()).as("--config of %s", step.job()).isPresent();
        return JobConfig.load(configFile, step.arguments().allOverrides(), null);
    }
}
