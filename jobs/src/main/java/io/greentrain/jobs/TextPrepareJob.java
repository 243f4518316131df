package io.greentrain.jobs;

/** Main class of the {@code text-prepare} job; see {@link JobArguments} for its arguments. */
public final class TextPrepareJob {

    private TextPrepareJob() {
    }

    public static void main(String[] args) {
        GreentrainMain.runAndExit(Job.TEXT_PREPARE, args);
    }
}
