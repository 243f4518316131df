package io.greentrain.jobs;

/** Main class of the {@code text-clean} job; see {@link JobArguments} for its arguments. */
public final class TextCleanJob {

    private TextCleanJob() {
    }

    public static void main(String[] args) {
        GreentrainMain.runAndExit(Job.TEXT_CLEAN, args);
    }
}
