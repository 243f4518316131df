package io.greentrain.jobs;

/** Main class of the {@code text-pipeline} job; see {@link JobArguments} for its arguments. */
public final class TextPipelineJob {

    private TextPipelineJob() {
    }

    public static void main(String[] args) {
        GreentrainMain.runAndExit(Job.TEXT_PIPELINE, args);
    }
}
