package io.greentrain.jobs;

/** Main class of the {@code convert} job; see {@link JobArguments} for its arguments. */
public final class ConvertJob {

    private ConvertJob() {
    }

    public static void main(String[] args) {
        GreentrainMain.runAndExit(Job.CONVERT, args);
    }
}
