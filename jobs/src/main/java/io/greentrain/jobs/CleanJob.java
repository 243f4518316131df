package io.greentrain.jobs;

/** Main class of the {@code clean} job; see {@link JobArguments} for its arguments. */
public final class CleanJob {

    private CleanJob() {
    }

    public static void main(String[] args) {
        GreentrainMain.runAndExit(Job.CLEAN, args);
    }
}
