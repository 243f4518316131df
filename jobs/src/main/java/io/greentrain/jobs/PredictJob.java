package io.greentrain.jobs;

/** Main class of the {@code predict} job; see {@link JobArguments} for its arguments. */
public final class PredictJob {

    private PredictJob() {
    }

    public static void main(String[] args) {
        GreentrainMain.runAndExit(Job.PREDICT, args);
    }
}
