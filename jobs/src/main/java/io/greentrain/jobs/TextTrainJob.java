package io.greentrain.jobs;

/** Main class of the {@code text-train} job; see {@link JobArguments} for its arguments. */
public final class TextTrainJob {

    private TextTrainJob() {
    }

    public static void main(String[] args) {
        GreentrainMain.runAndExit(Job.TEXT_TRAIN, args);
    }
}
