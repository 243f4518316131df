package io.greentrain.jobs;

/** Main class of the {@code pipeline} job; see {@link JobArguments} for its arguments. */
public final class PipelineJob {

    private PipelineJob() {
    }

    public static void main(String[] args) {
        GreentrainMain.runAndExit(Job.PIPELINE, args);
    }
}
