package io.greentrain.jobs;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress lines a person can follow while a job runs: {@code [greentrain 12.3s] train: epoch 3/10 ...}.
 * Printed on the driver's standard output, so they show in local runs, in spark-submit's client
 * output and in a scheduler's task log.
 */
public final class Progress {

    private final PrintStream out;
    private final long startNanos = System.nanoTime();

    public Progress(PrintStream out) {
        this.out = out;
    }

    /** Seconds since this job started. */
    public double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Prints one line for {@code step}. */
    public void report(String step, String format, Object... args) {
        String message = String.format(Locale.ROOT, format, args);
        out.printf(Locale.ROOT, "[greentrain %7.1fs] %s: %s%n", elapsedSeconds(), step, message);
        out.flush();
    }
}
