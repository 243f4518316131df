package io.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Bad usage and bad configuration stop a job with exit code 2 and one line naming the problem,
 * before any Spark work: this class runs in its own JVM and never starts a session itself.
 */
class JobRunnerTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Job job, String... args) {
        return JobRunner.run(job, args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @AfterEach
    void noSparkWasStarted() {
        assertThat(SparkSession.getDefaultSession().isDefined()).as("a Spark session was started").isFalse();
    }

    @Test
    void rejectsAnUnknownKeyNamingItAndTheLikelyIntendedOne() {
        int exit = run(Job.fromCliName("pipeline"), "--config", "../data/ames/ames-housing.conf", "--set", "greentrain.train.epoch=3");

        assertThat(exit).isEqualTo(JobRunner.BAD_USAGE);
        assertThat(errors().lines()).containsExactly(
                "error: unknown configuration key 'greentrain.train.epoch' (did you mean 'greentrain.train.epochs'?)");
    }

    @Test
    void rejectsAnInvalidValueNamingTheKey() {
        int exit = run(Job.fromCliName("train"), "--config", "../data/ames/ames-housing.conf", "--set", "greentrain.train.workers=0");

        assertThat(exit).isEqualTo(JobRunner.BAD_USAGE);
        assertThat(errors().lines()).hasSize(1).first().asString().contains("greentrain.train.workers");
    }

    /** Runs the Ames pipeline with {@code key=value} as spark-submit passes Spark options (a system property). */
    private int runWithSparkOption(String key, String value) {
        System.setProperty(key, value);
        try {
            return run(Job.fromCliName("pipeline"), "--config", "../data/ames/ames-housing.conf");
        } finally {
            System.clearProperty(key);
        }
    }

    @Test
    void rejectsAnInvalidEnergyValueBeforeSparkStartsNamingTheKey() {
        int exit = runWithSparkOption("spark.greentrain.energy.sampleInterval", "5ms");

        assertThat(exit).isEqualTo(JobRunner.BAD_USAGE);
        assertThat(errors().lines()).containsExactly(
                "error: spark.greentrain.energy.sampleInterval: invalid value '5ms': must be at least 10ms");
    }

    @Test
    void rejectsEnergyKeysThatDoNotFitTogetherBeforeSparkStarts() {
        System.setProperty("spark.greentrain.energy.estimate.cpu.minWattsPerCore", "5");
        int exit;
        try {
            exit = runWithSparkOption("spark.greentrain.energy.estimate.cpu.maxWattsPerCore", "2");
        } finally {
            System.clearProperty("spark.greentrain.energy.estimate.cpu.minWattsPerCore");
        }

        assertThat(exit).isEqualTo(JobRunner.BAD_USAGE);
        assertThat(errors().lines()).hasSize(1).first().asString()
                .startsWith("error: spark.greentrain.energy.estimate.cpu.maxWattsPerCore: must be at least "
                        + "spark.greentrain.energy.estimate.cpu.minWattsPerCore");
    }

    @Test
    void rejectsAMisspeltEnergyKeyBeforeSparkStarts() {
        int exit = runWithSparkOption("spark.greentrain.energy.sampleIntervall", "1s");

        assertThat(exit).isEqualTo(JobRunner.BAD_USAGE);
        assertThat(errors().lines()).hasSize(1).first().asString()
                .contains("unknown energy configuration key(s) [spark.greentrain.energy.sampleIntervall]");
    }

    @Test
    void rejectsAMissingConfigFileNamingIt() {
        int exit = run(Job.fromCliName("clean"), "--config", "no/such/job.conf");

        assertThat(exit).isEqualTo(JobRunner.BAD_USAGE);
        assertThat(errors()).contains("no/such/job.conf");
    }

    @Test
    void cleanWithoutInputPathsIsAConfigurationError() {
        int exit = run(Job.fromCliName("clean"), "--config", "../data/ames/ames-housing.conf", "--set", "greentrain.input.paths=[]");

        assertThat(exit).isEqualTo(JobRunner.BAD_USAGE);
        assertThat(errors()).contains("greentrain.input.paths");
    }

    @Test
    void rejectsAnUnknownArgumentAndPrintsUsage() {
        int exit = run(Job.fromCliName("clean"), "--confg", "x.conf");

        assertThat(exit).isEqualTo(JobRunner.BAD_USAGE);
        assertThat(errors()).startsWith("error: unknown argument '--confg'").contains("usage: greentrain JOB");
    }

    @Test
    void rejectsAFlagWithoutItsValue() {
        assertThat(run(Job.fromCliName("clean"), "--config")).isEqualTo(JobRunner.BAD_USAGE);
        assertThat(errors()).contains("--config needs a value");
    }

    @Test
    void predictNeedsAModelFolder() {
        assertThat(run(Job.PREDICT, "--input", "x.csv", "--output", "out")).isEqualTo(JobRunner.BAD_USAGE);
        assertThat(errors()).contains("predict needs --model DIR");
    }

    @Test
    void jobHelpShowsTheJobsArgumentsAndTheConfigurationEachOfItsStepsReads() {
        assertThat(run(Job.fromCliName("pipeline"), "--help")).isEqualTo(JobRunner.OK);

        String help = out.toString(StandardCharsets.UTF_8);
        assertThat(help).startsWith("usage: greentrain pipeline [--config PATH]")
                .contains("pipeline pipeline: clean -> convert -> train -> evaluate")
                .contains("--set KEY=VALUE", "--force")
                .contains("config: greentrain.input, greentrain.clean")
                .contains("config: greentrain.features, greentrain.train.batch-size-per-worker")
                .contains("config: greentrain.model, greentrain.train")
                .contains("reads:  the finished output of train");
    }

    @Test
    void stepHelpNamesTheStepItNeedsAndWhatItWrites() {
        assertThat(run(Job.fromCliName("text-prepare"), "--help")).isEqualTo(JobRunner.OK);

        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage: greentrain text-prepare ")
                .contains("reads:  the finished output of text-clean")
                .contains("writes: text/vocabulary.json, text/sequences")
                .contains("config: greentrain.text.vocabulary, greentrain.text.sequence, "
                        + "greentrain.train.batch-size-per-worker")
                .doesNotContain("  text-train\n");
    }

    @Test
    void usageListsEveryJobOnOneLineEach() {
        String usage = Job.usage();

        assertThat(usage).startsWith("usage: greentrain JOB");
        for (Job job : Job.all()) {
            assertThat(usage.lines()).as("line of %s", job.cliName())
                    .anyMatch(line -> line.matches("  " + job.cliName() + " +" + java.util.regex.Pattern.quote(job.description())));
        }
        assertThat(Job.all()).extracting(Job::cliName).containsExactly("clean", "convert", "train", "evaluate",
                "pipeline", "text-clean", "text-prepare", "text-train", "text-pipeline", "predict", "inspect", "ledger",
                "carbon-window", "levers");
    }

    @Test
    void inputAndOutputFlagsBecomeConfigurationOverrides() {
        JobArguments arguments = JobArguments.parse(new String[] {"--input", "a b.csv", "--input", "hdfs://nn/x",
                "--output", "out/run", "--set", "greentrain.train.epochs=3"});

        assertThat(arguments.allOverrides()).containsExactly("greentrain.train.epochs=3",
                "greentrain.input.paths=[\"a b.csv\",\"hdfs://nn/x\"]", "greentrain.output.dir=\"out/run\"");
    }

    @Test
    void knowsEveryJobByItsCommandLineName() {
        assertThat(Job.fromCliName("pipeline")).isEqualTo(Job.of(Pipelines.TABULAR));
        assertThat(Job.fromCliName("text-train")).isEqualTo(Job.of(Pipelines.TEXT, Pipelines.TEXT.steps().get(2)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Job.fromCliName("trian"))
                .isInstanceOf(UsageException.class).hasMessageContaining("unknown job 'trian'");
    }
}
