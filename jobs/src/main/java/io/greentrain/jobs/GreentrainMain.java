package io.greentrain.jobs;

import java.util.Arrays;
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

    /** Runs {@code job}, stops Spark, and exits the JVM with the job's exit code. */
    private static void runAndExit(Job job, String[] args) {
        int code = JobRunner.run(job, args, System.out, System.err);
        SparkSession.getActiveSession().foreach(session -> {
            session.stop();
            return null;
        });
        System.exit(code);
    }
}
