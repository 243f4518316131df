package io.greentrain.jobs;

import io.greentrain.energy.EnergyConf;
import io.greentrain.energy.EnergyPlugin;
import io.greentrain.jobs.config.JobConfig;
import io.greentrain.jobs.ledger.SealedLedgerHead;
import java.util.Arrays;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The application jar's main class: {@code spark-submit --class io.greentrain.jobs.GreentrainMain
 * greentrain-jobs-app.jar JOB [ARGS]}, the only entry point: {@code --help} lists the jobs
 * ({@link Job#all()}), {@code JOB --help} describes one.
 */
public final class GreentrainMain {

    private GreentrainMain() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || args[0].startsWith("-")) {
            System.err.println(Job.usage());
            System.exit(args.length > 0 && (args[0].equals("--help") || args[0].equals("-h")) ? 0 : JobRunner.BAD_USAGE);
        }
        Job job;
        try {
            job = Job.fromCliName(args[0]);
        } catch (UsageException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(JobRunner.BAD_USAGE);
            return;
        }
        runAndExit(job, Arrays.copyOfRange(args, 1, args.length));
    }

    /**
     * Runs {@code job}, stops Spark (telling the energy plugin first when the job failed, so that the ledger's seal
     * says so), records the sealed ledger's head hash in {@code summary.json} and prints it, and exits the JVM with
     * the job's exit code.
     */
    private static void runAndExit(Job job, String[] args) {
        int code = JobRunner.run(job, args, System.out, System.err);
        SparkSession.getActiveSession().foreach(session -> {
            if (code != JobRunner.OK) {
                EnergyPlugin.markFailed(session.sparkContext());
            }
            session.stop();
            return null;
        });
        if (job.runsSteps()) {
            layout(args).ifPresent(layout -> {
                SparkConf conf = new SparkConf();
                SealedLedgerHead.record(layout.summary(), conf.get(EnergyConf.LEDGER_PATH.key(), layout.ledger()),
                        conf.get(EnergyConf.LEDGER_RUN_ID.key(), layout.runId()), new Configuration(), System.out);
            });
        }
        System.exit(code);
    }

    /** The output layout of the job with {@code args}, as {@link JobRunner#run} found it; empty if unknown. */
    private static Optional<RunLayout> layout(String[] args) {
        try {
            JobArguments arguments = JobArguments.parse(args);
            JobConfig config = JobConfig.load(arguments.configPath().orElse(null), arguments.allOverrides(),
                    new Configuration());
            return Optional.of(new RunLayout(config.outputDir()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
