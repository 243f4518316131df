package io.greentrain.jobs;

/** Main class of the {@code train} job; see {@link JobArguments} for its arguments. */
public final class TrainJob {

    private TrainJob() {
    }

    public static void main(String[] args) {
        GreentrainMain.runAndExit(Job.TRAIN, args);
    }
}
