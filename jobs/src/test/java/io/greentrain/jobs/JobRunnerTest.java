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
        int exit = run(Job.PIPELINE, "--config", "../data/ames/ames-housing.conf", "--set", "greentrain.train.epoch=3");

        assertThat(exit).isEqualTo(JobRunner.BAD_USAGE);
        assertThat(errors().lines()).containsExactly(
                "error: unknown configuration key 'greentrain.train.epoch' (did you mean 'greentrain.train.epochs'?)");
    }

    @Test
    void rejectsAnInvalidValueNamingTheKey() {
        int exit = run(Job.TRAIN, "--config", "../data/ames/ames-housing.conf", "--set", "greentrain.train.workers=0");

        assertThat(exit).isEqualTo(JobRunner.BAD_USAGE);
        assertThat(errors().lines()).hasSize(1).first().asString().contains("greentrain.train.workers");
    }

    @Test
    void rejectsAMissingConfigFileNamingIt() {
        int exit = run(Job.CLEAN, "--config", "no/such/job.conf");

        assertThat(exit).isEqualTo(JobRunner.BAD_USAGE);
        assertThat(errors()).contains("no/such/job.conf");
    }

    @Test
    void cleanWithoutInputPathsIsAConfigurationError() {
        int exit = run(Job.CLEAN, "--config", "../data/ames/ames-housing.conf", "--set", "greentrain.input.paths=[]");

        assertThat(exit).isEqualTo(JobRunner.BAD_USAGE);
        assertThat(errors()).contains("greentrain.input.paths");
    }

    @Test
    void rejectsAnUnknownArgumentAndPrintsUsage() {
        int exit = run(Job.CLEAN, "--confg", "x.conf");

        assertThat(exit).isEqualTo(JobRunner.BAD_USAGE);
        assertThat(errors()).startsWith("error: unknown argument '--confg'").contains("usage: greentrain JOB");
    }

    @Test
    void rejectsAFlagWithoutItsValue() {
        assertThat(run(Job.CLEAN, "--config")).isEqualTo(JobRunner.BAD_USAGE);
        assertThat(errors()).contains("--config needs a value");
    }

    @Test
    void predictNeedsAModelFolder() {
        assertThat(run(Job.PREDICT, "--input", "x.csv", "--output", "out")).isEqualTo(JobRunner.BAD_USAGE);
        assertThat(errors()).contains("predict needs --model DIR");
    }

    @Test
    void helpPrintsUsageAndSucceeds() {
        assertThat(run(Job.PIPELINE, "--help")).isEqualTo(JobRunner.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("usage: greentrain JOB");
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
        assertThat(Job.fromCliName("pipeline")).isEqualTo(Job.PIPELINE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Job.fromCliName("trian"))
                .isInstanceOf(UsageException.class).hasMessageContaining("unknown job 'trian'");
    }
}
