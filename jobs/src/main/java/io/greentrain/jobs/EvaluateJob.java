package io.greentrain.jobs;

/** Main class of the {@code evaluate} job; see {@link JobArguments} for its arguments. */
public final class EvaluateJob {

    private EvaluateJob() {
    }

    public static void main(String[] args) {
        GreentrainMain.runAndExit(Job.EVALUATE, args);
    }
}
